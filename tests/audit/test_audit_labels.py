"""The access log speaks plain Norwegian: every action code the product writes has words, read or
write, and the guardian's report (GDPR Art. 15) never shows an internal code."""

import io
import re
from pathlib import Path

from django.urls import reverse
from pypdf import PdfReader

from laget.audit.labels import ACTIONS, PREFIXES, action_label, is_read, kind_label
from laget.audit.services import access_log_write

SOURCE = Path(__file__).resolve().parents[2] / "laget"
CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")


def codes_in_source():
    literal, prefixes = set(), set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        literal |= set(re.findall(r"""action=["']([a-z_]+\.[a-z_]+)["']""", text))
        prefixes |= set(re.findall(r"""action=f["']([a-z_]+\.)\{""", text))
    return literal, prefixes


def test_every_action_code_the_product_writes_has_plain_norwegian_words():
    literal, prefixes = codes_in_source()
    assert len(literal) > 60  # the scan finds the codes (it cannot pass by finding none)
    assert sorted(code for code in literal if code not in ACTIONS) == []
    assert sorted(prefix for prefix in prefixes if prefix not in PREFIXES) == []
    for code in literal:
        assert not CODE.search(action_label(code)), code


def test_reads_are_reads_and_writes_are_writes():
    assert is_read("plan.edit_form")
    assert kind_label("plan.edit_form") == "Lest"
    assert is_read("plan.edit")  # old rows: the edit page was logged on every GET
    assert not is_read("plan.update")
    assert kind_label("plan.update") == "Endret"
    assert action_label("plan.update") == "Endret tiltaksplanen"
    assert not is_read("ppt.sent")
    assert action_label("ppt.sent") == "Registrerte et steg i PPT-saken"
    assert action_label("something.new") == "Annen handling"
    assert kind_label("something.new") == "Annet"


def test_the_guardians_report_shows_every_action_in_words_and_no_code(client, world):
    for code in ACTIONS:
        access_log_write(
            user=world.member, role="Rolle", action=code, school_id=world.school.pk, student_id=world.student.pk
        )
    client.force_login(world.lead)
    response = client.get(reverse("audit:student_report", args=[world.student.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Så tiltaksplanen" in text
    assert "Endret tiltaksplanen" in text
    assert "Skrev et helsenotat" in text
    assert CODE.findall(text) == []


def test_the_review_page_shows_the_same_words(client, world):
    access_log_write(
        user=world.member, role="Rolle", action="plan.edit", school_id=world.school.pk, student_id=world.student.pk
    )
    client.force_login(world.lead)
    html = client.get(reverse("audit:log_review")).content.decode()
    assert "Åpnet tiltaksplanen for å endre den" in html
    assert "(plan.edit)" not in html
    assert "Endret tiltaksplanen" not in html
