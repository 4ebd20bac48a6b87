"""Guest access for invited agencies: only the invited agenda items of one meeting, only until
the meeting's day plus GUEST_ACCESS_DAYS_AFTER_MEETING days; nothing else in Laget."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from laget.audit.models import AccessLogEntry
from laget.cases.models import Consent, ConsentScope
from laget.meetings.guests import guest_invite
from laget.meetings.models import AgendaItem, GuestInvitation, Meeting
from laget.organisations.access import Access

User = get_user_model()
MEETING_AT = datetime.datetime(2026, 10, 6, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def meeting(world, case_factory):
    meeting = Meeting.objects.create(team=world.team, starts_at=MEETING_AT, created_by=world.lead)
    named = case_factory(consent=True, title="Lesing")
    anonymous = case_factory(student=world.student2, author=world.other_teacher, title="Uro")
    secret = case_factory(consent=True, title="Hemmelig sak")
    AgendaItem.objects.create(meeting=meeting, part=2, case=named, title="Lesing", notes="Barnevern følger opp.")
    AgendaItem.objects.create(meeting=meeting, part=2, case=anonymous, title="Uro i timene", notes="BUP-kontakt.")
    AgendaItem.objects.create(meeting=meeting, part=2, case=secret, title="Hemmelig sak", notes="Ikke for gjesten.")
    return meeting


def items(meeting, *titles):
    return [i for i in meeting.items.all() if i.title in titles]


@pytest.fixture
def invitation(world, meeting):
    with time_machine.travel(MEETING_AT - datetime.timedelta(days=3), tick=False):
        return guest_invite(
            access=Access(world.lead),
            meeting=meeting,
            email="saksbehandler@barnevern.test",
            name="Bente Barnevern",
            agency="Barneverntjenesten",
            agency_kind="child_welfare",
            items=items(meeting, "Lesing", "Uro i timene"),
        )


def guest_url(invitation):
    return reverse("guests:guest_meeting", args=[invitation.pk])


def test_lead_invites_an_external_person_through_the_page(client, world, meeting):
    client.force_login(world.lead)
    url = reverse("guests:guest_manage", args=[meeting.pk])
    item = items(meeting, "Lesing")[0]
    response = client.post(
        url, {"name": "Bo BUP", "email": "bo@bup.test", "agency": "BUP", "agency_kind": "bup", "items": [item.pk]}
    )
    assert response.status_code == 302
    invitation = GuestInvitation.objects.get()
    assert invitation.guest.email == "bo@bup.test"
    assert not invitation.guest.has_usable_password()
    assert list(invitation.items.all()) == [item]
    assert (invitation.agency.name, invitation.agency.kind, invitation.agency_name) == ("BUP", "bup", "BUP")
    assert "Bo BUP" in client.get(url).content.decode()


def test_guest_form_without_items_keeps_input_and_explains(client, world, meeting):
    client.force_login(world.lead)
    response = client.post(
        reverse("guests:guest_manage", args=[meeting.pk]), {"name": "Bo BUP", "email": "bo@bup.test", "agency": "BUP"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "bo@bup.test" in html
    assert "Velg minst én sak gjesten skal delta i." in html


@pytest.mark.parametrize("who", ["member", "teacher", "outsider"])
def test_only_the_lead_manages_guests(client, world, meeting, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("guests:guest_manage", args=[meeting.pk])).status_code in (403, 404)


def test_school_staff_cannot_be_invited_as_guest(world, meeting):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        guest_invite(
            access=Access(world.lead),
            meeting=meeting,
            email=world.teacher.email,
            name="Lise",
            agency="Skolen",
            items=items(meeting, "Lesing"),
        )


def _share_with_child_welfare(case, world):
    for guardian in case.student.guardians.all():
        Consent.objects.create(
            case=case,
            guardian=guardian,
            status=Consent.Status.GIVEN,
            scopes=[ConsentScope.TEAM, ConsentScope.CHILD_WELFARE],
            date=datetime.date(2026, 9, 3),
            method=Consent.Method.SIGNED_FORM,
            recorded_by=world.lead,
        )


def test_child_welfare_guest_does_not_see_a_case_named_by_team_consent_only(client, world, meeting, invitation):
    client.force_login(invitation.guest)
    with time_machine.travel(MEETING_AT, tick=False):
        html = client.get(guest_url(invitation)).content.decode()
    assert "Ola" not in html
    assert "Nordmann" not in html
    named = items(meeting, "Lesing")[0].case
    assert f"Anonym sak {named.number} (5. trinn): Lesing" in html
    assert "Barnevern følger opp." in html


def test_guest_sees_only_invited_items_with_consent_rule_labels(client, world, meeting, invitation):
    _share_with_child_welfare(items(meeting, "Lesing")[0].case, world)
    client.force_login(invitation.guest)
    with time_machine.travel(MEETING_AT, tick=False):
        response = client.get(guest_url(invitation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ola Nordmann" in html  # named: the consent covers sharing with child welfare
    assert "Barnevern følger opp." in html
    assert "Anonym sak" in html
    assert "Kari" not in html
    assert "Hansen" not in html
    assert "BUP-kontakt." in html
    assert "Hemmelig sak" not in html
    assert "Ikke for gjesten." not in html
    rows = AccessLogEntry.objects.filter(action="meeting.guest_view", user_id=invitation.guest.pk)
    assert {r.student_id for r in rows} == {None, world.student.pk, world.student2.pk}
    assert all("Barneverntjenesten" in r.role for r in rows)


def test_guest_home_and_my_page_lead_to_the_invitation(client, world, invitation):
    client.force_login(invitation.guest)
    with time_machine.travel(MEETING_AT, tick=False):
        assert client.get(reverse("home:my_page")).url == reverse("guests:guest_home")
        assert guest_url(invitation) in client.get(reverse("guests:guest_home")).content.decode()


def test_access_expires_by_itself_after_the_meetings_day_plus_seven(client, world, invitation):
    client.force_login(invitation.guest)
    last_day = timezone.localtime(MEETING_AT).replace(hour=23, minute=59) + datetime.timedelta(days=7)
    with time_machine.travel(last_day, tick=False):
        assert client.get(guest_url(invitation)).status_code == 200
    with time_machine.travel(last_day + datetime.timedelta(minutes=2), tick=False):
        assert client.get(guest_url(invitation)).status_code == 404
        assert guest_url(invitation) not in client.get(reverse("guests:guest_home")).content.decode()


def test_revoked_invitation_ends_access(client, world, invitation):
    client.force_login(world.lead)
    with time_machine.travel(MEETING_AT, tick=False):
        assert client.post(reverse("guests:guest_revoke", args=[invitation.pk])).status_code == 302
        client.force_login(invitation.guest)
        assert client.get(guest_url(invitation)).status_code == 404


def test_nothing_else_in_laget_is_visible_to_a_guest(client, world, meeting, invitation):
    client.force_login(invitation.guest)
    item = items(meeting, "Lesing")[0]
    with time_machine.travel(MEETING_AT, tick=False):
        for url in [
            reverse("home:student_detail", args=[world.student.pk]),
            reverse("cases:case_detail", args=[item.case_id]),
            reverse("meetings:meeting_detail", args=[meeting.pk]),
            reverse("guests:guest_manage", args=[meeting.pk]),
            reverse("audit:emergency_search"),
            reverse("audit:log_review"),
        ]:
            assert client.get(url).status_code == 404, url
        for url in [reverse("students:student_list"), reverse("cases:case_list")]:
            html = client.get(url).content.decode()
            assert "Nordmann" not in html, url
            assert "Hansen" not in html, url


def test_another_guests_invitation_is_404(client, world, meeting, invitation):
    other = User.objects.create_user(username="annen@bup.test", email="annen@bup.test")
    client.force_login(other)
    with time_machine.travel(MEETING_AT, tick=False):
        assert client.get(guest_url(invitation)).status_code == 404
