"""Items 5 and 9: protected addresses and restricted sections on every surface."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from privacy_helpers import PROTECTED, RESTRICTED_SUMMARY, SECRET_NOTE, pdf_text

from laget.cases.models import HealthNote
from laget.cases.services import healthnote_add
from laget.meetings import services as meeting_services
from laget.meetings.invitations import meeting_send_invitation
from laget.organisations.access import Access


def html(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_no_contact(text):
    for value in PROTECTED.values():
        assert value not in text


def test_protected_address_hidden_on_pages_for_team_roles(client, world, protected_guardian, restricted_case):
    for url in (
        reverse("home:student_detail", args=[world.student.pk]),
        reverse("cases:case_detail", args=[restricted_case.pk]),
        reverse("cases:consent_record", args=[restricted_case.pk]),
    ):
        page = html(client, world.lead, url)
        assert_no_contact(page)
    assert "Fortrolig adresse" in html(client, world.lead, reverse("home:student_detail", args=[world.student.pk]))


def test_protected_address_shown_to_a_role_granted_it(client, world, protected_guardian, office, case_factory):
    case_factory(consent=True)  # the office member works on a case named to the team: a reason to see the student
    page = html(client, office, reverse("home:student_detail", args=[world.student.pk]))
    assert PROTECTED["address"] in page
    assert PROTECTED["email"] in page


@pytest.mark.parametrize("name", ["documents:consent_blank_pdf", "documents:consent_pdf"])
def test_protected_address_not_printed_on_consent_pdfs(client, world, protected_guardian, restricted_case, name):
    client.force_login(world.lead)
    text = pdf_text(client.get(reverse(name, args=[restricted_case.pk])))
    assert "Mona" in text  # the guardian is there, only the contact details are not
    assert_no_contact(text)
    referral_text = pdf_text(client.get(reverse("documents:referral_pdf", args=[restricted_case.referral.pk])))
    assert_no_contact(referral_text)


def test_protected_address_printed_on_blank_form_only_for_granted_role(
    client, world, protected_guardian, office, case_factory
):
    case = case_factory(consent=True, author=office)
    client.force_login(office)
    assert PROTECTED["address"] in pdf_text(client.get(reverse("documents:consent_blank_pdf", args=[case.pk])))


def _invite(world, case, capture):
    lead = Access(world.lead)
    starts_at = timezone.make_aware(datetime.datetime(2026, 10, 6, 12, 0))
    meeting = meeting_services.meeting_create(access=lead, team=world.team, starts_at=starts_at)
    meeting.items.create(part=2, kind="case", case=case)
    with capture(execute=True):
        meeting_send_invitation(access=lead, meeting=meeting)
    return "\n".join(m.body + "".join(a[0] for a in m.alternatives) for m in mail.outbox)


def test_invitation_emails_carry_no_protected_address_and_no_restricted_section(
    world, protected_guardian, restricted_case, django_capture_on_commit_callbacks
):
    body = _invite(world, restricted_case, django_capture_on_commit_callbacks)
    assert "Ola Nordmann" in body  # named with consent, so the check below is meaningful
    assert_no_contact(body)
    assert SECRET_NOTE not in body
    assert RESTRICTED_SUMMARY not in body


@pytest.mark.parametrize("user", ["lead", "member", "teacher"])
def test_restricted_section_absent_from_pages_for_roles_without_it(client, world, restricted_case, user):
    """Each of them may open the case (team, or the referral's author), so the page is really read;
    the student's page is checked where they have it."""
    client.force_login(getattr(world, user))
    case_page = client.get(reverse("cases:case_detail", args=[restricted_case.pk]))
    assert case_page.status_code == 200
    pages = [case_page.content.decode()]
    assert "Drøftet i ressursteam" in pages[0]  # the timeline is there: the page was really read
    student_page = client.get(reverse("home:student_detail", args=[world.student.pk]))
    if student_page.status_code != 404:  # no relation at all is stricter still
        assert student_page.status_code == 200
        pages.append(student_page.content.decode())
    for page in pages:
        assert SECRET_NOTE not in page
        assert RESTRICTED_SUMMARY not in page


def test_nurse_sees_the_restricted_section(client, world, restricted_case):
    page = html(client, world.nurse, reverse("cases:case_detail", args=[restricted_case.pk]))
    assert SECRET_NOTE in page
    assert RESTRICTED_SUMMARY in page


@pytest.mark.parametrize("user", ["lead", "nurse"])
def test_restricted_section_never_in_pdfs(client, world, restricted_case, user):
    client.force_login(getattr(world, user))
    urls = [
        reverse("documents:referral_pdf", args=[restricted_case.referral.pk]),
        reverse("documents:plan_pdf", args=[restricted_case.action_plans.get().pk]),
        reverse("documents:consent_pdf", args=[restricted_case.pk]),
        reverse("documents:consent_blank_pdf", args=[restricted_case.pk]),
    ]
    for url in urls:
        text = pdf_text(client.get(url))
        assert SECRET_NOTE not in text
        assert RESTRICTED_SUMMARY not in text


def test_health_note_write_refused_for_roles_without_it(client, world, restricted_case):
    with pytest.raises(PermissionDenied):
        healthnote_add(access=Access(world.lead), case=restricted_case, text="forsøk")
    client.force_login(world.member)
    response = client.post(reverse("cases:healthnote_add", args=[restricted_case.pk]), {"text": "forsøk"})
    assert response.status_code == 404
    assert not HealthNote.objects.filter(text="forsøk").exists()
    healthnote_add(access=Access(world.nurse), case=restricted_case, text="lov")
    assert HealthNote.objects.filter(text="lov").exists()
