"""Find user-visible text in templates that is not inside gettext (translate / blocktranslate)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "laget"

_BLOCKS = [
    re.compile(r"\{%\s*blocktranslate.*?%\}.*?\{%\s*endblocktranslate\s*%\}", re.S),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<pre\b.*?</pre>", re.S | re.I),  # file-format samples (column names are the format)
    re.compile(r"&#?\w+;"),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
]
_VISIBLE_ATTRS = re.compile(
    r"""\b(?:title|alt|placeholder|aria-label|aria-description)\s*=\s*(["'])(.*?)\1""", re.S | re.I
)
_TAG = re.compile(r"<[^>]*>", re.S)
_WORD = re.compile(r"[A-Za-zÆØÅæøå]{2,}")
# Text that is the same in every language: the product's name, units and codes.
ALLOWED = {"Laget", "PDF", "CSV", "ics", "PPT", "IOP", "TGL", "BTI", "TPO", "OK", "min", "kl", "Nr", "ID"}


def untranslated_text(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    text = source
    for pattern in _BLOCKS:
        text = pattern.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found = []
    for m in _VISIBLE_ATTRS.finditer(text):
        value = m.group(2)
        if _WORD.search(value) and not set(_WORD.findall(value)) <= ALLOWED:
            found.append((text[: m.start()].count("\n") + 1, value.strip()))
    text = _TAG.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for number, line in enumerate(text.split("\n"), start=1):
        words = [w for w in _WORD.findall(line) if w not in ALLOWED]
        if words:
            found.append((number, line.strip()))
    return sorted(found)


def html_templates():
    return sorted(p for p in ROOT.rglob("templates/**/*.html"))
