"""The nynorsk and English catalogues are complete, and no user-visible text escapes gettext."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from i18n_visible_text import ROOT, html_templates, untranslated_text

LOCALE = ROOT / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
LANGUAGES = ["nn", "en"]


def catalogue(language) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(0, ""), entry.msgstr_plural.get(1, "")]
    return [entry.msgstr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    po = catalogue(language)
    assert len(po) > 1000  # the whole product, not an empty file
    missing = [e.msgid for e in po if not all(_translations(e)) or "fuzzy" in e.flags]
    assert missing == [], f"{len(missing)} untranslated or fuzzy in {language}: {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    wrong = []
    for e in catalogue(language):
        wanted = set(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        for text in _translations(e)[-1:]:  # the plural form must carry every placeholder
            if set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((e.msgid, text))
    assert wrong == []


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """makemessages over a copy of the code finds no string the committed catalogues lack (`make messages`).

    A copy, because makemessages writes into the `locale` folder nearest each source file."""
    source = tmp_path / "laget"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "migrations"))
    out = tmp_path / "locale"
    for language in LANGUAGES:
        (out / language / "LC_MESSAGES").mkdir(parents=True)
    cwd = Path.cwd()
    try:
        os.chdir(source)
        with override_settings(LOCALE_PATHS=[out]):
            call_command("makemessages", locale=LANGUAGES, no_location=True, no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    for language in LANGUAGES:
        fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(out / language / "LC_MESSAGES" / "django.po"))}
        committed = {(e.msgctxt, e.msgid) for e in catalogue(language)}
        assert len(fresh) > 1000
        assert fresh - committed == set(), f"run `make messages` and translate: {sorted(fresh - committed)[:10]}"


def test_no_visible_template_text_outside_gettext():
    found = {str(p.relative_to(ROOT)): untranslated_text(p) for p in html_templates()}
    found = {name: lines for name, lines in found.items() if lines}
    assert found == {}


def test_the_template_scanner_finds_a_bare_string(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('{% load i18n %}<p>{% translate "Lagre" %}</p>\n<p>Slett saken</p>\n<a title="Lukk">x</a>')
    assert [line for line, _text in untranslated_text(page)] == [2, 3]
