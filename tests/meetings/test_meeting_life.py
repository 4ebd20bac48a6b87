"""A meeting has a life: planned → invited → started → held → minutes approved. Minutes and
attendance only once it has started; approval only with everyone's attendance and a referent; the
irreversible steps are confirmed; only a held meeting counts (the PPT gate)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from laget.meetings import services
from laget.meetings.models import AgendaItem, Attendance, Meeting
from laget.organisations.access import Access
from laget.ppt.gate import gate_status


def days(n):
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=n)


@pytest.fixture
def future(world):
    return services.meeting_create(access=Access(world.lead), team=world.team, starts_at=days(5))


@pytest.fixture
def today_meeting(world):
    return services.meeting_create(
        access=Access(world.lead), team=world.team, starts_at=timezone.now().replace(microsecond=0)
    )


def test_minutes_typed_before_the_meeting_starts_are_refused_and_it_is_not_held(client, world, future, case_factory):
    case = case_factory()
    item = services.agenda_item_add(access=Access(world.lead), meeting=future, part=2, case=case)
    client.force_login(world.member)
    response = client.post(
        reverse("meetings:notes_save", args=[item.pk]), {"notes": "Drøftet lesing", "version": "0"}, follow=True
    )
    assert "Møtet er ikke startet" in response.content.decode()
    future.refresh_from_db()
    item.refresh_from_db()
    assert future.status == Meeting.Status.PLANNED
    assert item.notes == ""
    assert gate_status(case).discussed is False  # the PPT gate does not count a meeting that was not held


def test_attendance_before_the_meeting_starts_is_refused(client, world, future):
    client.force_login(world.lead)
    data = {f"status_{u.pk}": "present" for u in (world.lead, world.member, world.nurse)}
    data["referent"] = world.member.pk
    html = client.post(reverse("meetings:attendance", args=[future.pk]), data).content.decode()
    assert "Møtet er ikke startet" in html
    assert not Attendance.objects.filter(meeting=future, is_referent=True).exists()


def test_empty_minutes_of_a_future_meeting_cannot_be_approved(client, world, future):
    Attendance.objects.filter(meeting=future).update(status=Attendance.Status.PRESENT)
    Attendance.objects.filter(meeting=future, user=world.member).update(is_referent=True)
    client.force_login(world.lead)
    response = client.post(reverse("meetings:minutes_approve", args=[future.pk]), {"confirm": "1"}, follow=True)
    assert "Møtet er ikke holdt ennå" in response.content.decode()
    future.refresh_from_db()
    assert future.status == Meeting.Status.PLANNED
    assert not future.minutes_versions.exists()


def test_a_meeting_starts_on_its_day_not_before(client, world, future, today_meeting):
    client.force_login(world.lead)
    response = client.post(reverse("meetings:meeting_start", args=[future.pk]), follow=True)
    assert "Møtet kan startes på møtedagen" in response.content.decode()
    future.refresh_from_db()
    assert future.status == Meeting.Status.PLANNED
    html = client.get(reverse("meetings:meeting_detail", args=[today_meeting.pk])).content.decode()
    assert "Start møtet" in html
    client.post(reverse("meetings:meeting_start", args=[today_meeting.pk]))
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.STARTED
    assert today_meeting.started_at is not None
    client.force_login(world.member)
    assert client.post(reverse("meetings:meeting_finish", args=[today_meeting.pk])).status_code == 403
    client.force_login(world.lead)
    client.post(reverse("meetings:meeting_finish", args=[today_meeting.pk]))
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.HELD


def test_approval_needs_everyones_attendance_and_a_referent_and_is_confirmed(client, world, today_meeting):
    client.force_login(world.lead)
    client.post(reverse("meetings:meeting_start", args=[today_meeting.pk]))
    url = reverse("meetings:minutes_approve", args=[today_meeting.pk])
    Attendance.objects.filter(meeting=today_meeting, user=world.member).update(
        status=Attendance.Status.PRESENT, is_referent=True
    )
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "Registrer oppmøte for alle" in response.content.decode()
    Attendance.objects.filter(meeting=today_meeting).update(status=Attendance.Status.PRESENT)
    asked = client.post(url)
    assert asked.status_code == 200
    assert "Godkjenne referatet?" in asked.content.decode()
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.STARTED
    client.post(url, {"confirm": "1"})
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.APPROVED


def test_invitation_to_a_started_meeting_asks_first(client, world, today_meeting, django_capture_on_commit_callbacks):
    client.force_login(world.lead)
    client.post(reverse("meetings:meeting_start", args=[today_meeting.pk]))
    url = reverse("meetings:invitation_send", args=[today_meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url)
    assert "Sende innkalling til et møte som er startet?" in asked.content.decode()
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1"})
    assert len(mail.outbox) == 3


def test_removing_an_item_from_a_started_meeting_asks_first(client, world, today_meeting):
    item = services.agenda_item_add(access=Access(world.lead), meeting=today_meeting, part=1, title="Skolemiljø")
    client.force_login(world.lead)
    client.post(reverse("meetings:meeting_start", args=[today_meeting.pk]))
    url = reverse("meetings:agenda_item_remove", args=[item.pk])
    asked = client.post(url)
    assert "Fjerne punktet fra et startet møte?" in asked.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    client.post(url, {"confirm": "1"})
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_removing_an_item_from_a_planned_meeting_needs_no_confirmation(client, world, future):
    item = services.agenda_item_add(access=Access(world.lead), meeting=future, part=1, title="Skolemiljø")
    client.force_login(world.lead)
    client.post(reverse("meetings:agenda_item_remove", args=[item.pk]))
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_agenda_item_form_says_why_its_case_cannot_be_changed(client, world, future, case_factory):
    item = services.agenda_item_add(access=Access(world.lead), meeting=future, part=2, case=case_factory())
    client.force_login(world.lead)
    html = client.get(reverse("meetings:agenda_item_edit", args=[item.pk])).content.decode()
    assert "Saken kan ikke byttes på et punkt som står på sakslisten" in html


def _meeting_post(world, date, **extra):
    data = {
        "team": world.team.pk,
        "kind": "ressursteam",
        "date": date.isoformat(),
        "time": "12:00",
        "duration_minutes": 90,
        "location": "Rom 2",
    }
    data.update(extra)
    return data


def test_a_meeting_in_the_past_asks_before_it_is_created(client, world):
    client.force_login(world.lead)
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    response = client.post(reverse("meetings:meeting_create"), _meeting_post(world, last_year))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidspunktet har vært" in html
    assert 'name="confirm_past"' in html
    assert not Meeting.objects.exists()
    response = client.post(reverse("meetings:meeting_create"), _meeting_post(world, last_year, confirm_past="on"))
    assert response.status_code == 302
    assert Meeting.objects.count() == 1


def test_a_future_meeting_is_created_without_asking(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("meetings:meeting_create"), _meeting_post(world, timezone.localdate() + datetime.timedelta(days=3))
    )
    assert response.status_code == 302
