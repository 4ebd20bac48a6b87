"""Møtereferat from the approved minutes, and one student's extract of it for their folder.

The disclosure policy decides each case: named with consent for team discussion, otherwise
"Anonym sak N" with the student's and guardians' names blanked out of the notes and tasks."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from documents_pdf_helpers import pdf_text
from pypdf import PdfReader

from laget.audit.models import AccessLogEntry
from laget.meetings import services as meeting_services
from laget.organisations.access import Access


def squash(text: str) -> str:
    return "".join(text.split())


def test_the_minutes_pdf_names_only_the_consented_case(client, world, approved):
    meeting, _named, anonymous = approved
    client.force_login(world.lead)
    response = client.get(reverse("documents:minutes_pdf", args=[meeting.pk]))
    text = squash(pdf_text(response))
    assert squash("MØTEREFERAT") in text
    assert squash("Ola Nordmann") in text  # consent for team discussion: named
    assert squash("Ola leser bedre etter lesekurset.") in text
    assert squash(f"Anonym sak {anonymous.number}") in text
    for secret in ("Kari", "Hansen", "Hans"):
        assert secret not in text, secret  # blanked out of notes and tasks
    assert squash("[navn] gråter i friminuttene") in text
    assert squash("Felles regler for overganger.") in text
    assert squash(world.member.get_full_name()) in text  # present and referent
    assert squash(world.nurse.get_full_name()) in text  # forfall
    assert squash("15.12.2026") in text  # the task log with its deadline


def test_the_extract_holds_only_that_students_part(client, world, approved):
    meeting, named, anonymous = approved
    client.force_login(world.lead)
    response = client.get(reverse("documents:minutes_extract_pdf", args=[meeting.pk, named.pk]))
    text = squash(pdf_text(response))
    assert squash("UTDRAG AV MØTEREFERAT") in text
    assert squash("Ola leser bedre etter lesekurset.") in text
    assert squash("Lesekurs 3 x 20 min") in text  # the plan made for the case at this meeting
    assert squash("Leser 60 ord i minuttet") in text
    assert squash("gråter") not in text  # another student's item is not in this folder's copy
    assert squash("Arbeidsro") not in text
    assert squash(f"Anonym sak {anonymous.number}") not in text


def test_the_extract_of_an_anonymous_case_names_no_one(client, world, approved):
    meeting, _named, anonymous = approved
    client.force_login(world.lead)
    text = pdf_text(client.get(reverse("documents:minutes_extract_pdf", args=[meeting.pk, anonymous.pk])))
    assert squash(f"Anonym sak {anonymous.number}") in squash(text)
    assert squash("[navn] gråter") in squash(text)
    for secret in ("Kari", "Hansen", "Hans", "Ola"):
        assert secret not in text, secret


def test_the_minutes_pdf_is_pdfa_and_logs_the_named_student(client, world, approved):
    meeting, named, anonymous = approved
    client.force_login(world.lead)
    response = client.get(reverse("documents:minutes_pdf", args=[meeting.pk]))
    xmp = PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid" in xmp
    logged = set(AccessLogEntry.objects.filter(action="minutes.pdf").values_list("student_id", flat=True))
    assert named.student_id in logged
    assert anonymous.student_id not in logged


def test_no_minutes_pdf_before_the_minutes_are_approved(client, world):
    meeting = meeting_services.meeting_create(
        access=Access(world.lead), team=world.team, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    client.force_login(world.lead)
    assert client.get(reverse("documents:minutes_pdf", args=[meeting.pk])).status_code == 404


def test_the_extract_link_is_on_the_approved_version(client, world, approved):
    meeting, named, _anonymous = approved
    client.force_login(world.lead)
    page = client.get(reverse("meetings:minutes_version", args=[meeting.pk, 1])).text
    assert reverse("documents:minutes_extract_pdf", args=[meeting.pk, named.pk]) in page
    assert reverse("documents:minutes_pdf", args=[meeting.pk]) in page
