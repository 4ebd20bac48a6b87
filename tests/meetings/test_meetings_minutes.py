import datetime

import pytest
from django.urls import reverse
from meetings_helpers import at, make_task

from laget.cases.models import Consent
from laget.meetings import services
from laget.meetings.minutes import attendance_record, meeting_start, minutes_approve
from laget.meetings.models import Attendance, Meeting, Task
from laget.meetings.selectors import meetings_for, next_meeting_for, tasks_owned_by
from laget.organisations.access import Access


def record_attendance(world, meeting, access, referent=None):
    attendance_record(
        access=access,
        meeting=meeting,
        statuses={
            **{a.user_id: "present" for a in meeting.attendance.all()},  # invited teachers too
            world.lead.pk: "present",
            world.member.pk: "present",
            world.nurse.pk: "absent",
        },
        referent_id=(referent or world.member).pk,
    )


@pytest.fixture
def meeting(world, lead_access):
    """The minutes are written in a meeting that has started (a meeting has a life)."""
    planned = services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 10, 6))
    return meeting_start(access=lead_access, meeting=planned)


@pytest.fixture
def item(world, meeting, lead_access, case_factory):
    return services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case_factory(consent=False))


def test_attendance_records_present_absent_and_one_referent(world, meeting, login):
    response = login(world.member).post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {
            f"status_{world.lead.pk}": "present",
            f"status_{world.member.pk}": "present",
            f"status_{world.nurse.pk}": "absent",
            "referent": world.lead.pk,
        },
    )
    assert response.status_code == 302
    rows = {a.user_id: (a.status, a.is_referent) for a in Attendance.objects.filter(meeting=meeting)}
    assert rows == {
        world.lead.pk: ("present", True),
        world.member.pk: ("present", False),
        world.nurse.pk: ("absent", False),
    }
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.STARTED  # registering attendance does not end the meeting


def test_referent_must_be_present_and_choices_are_required(world, meeting, login):
    client = login(world.member)
    url = reverse("meetings:attendance", args=[meeting.pk])
    response = client.post(
        url, {f"status_{world.lead.pk}": "present", f"status_{world.nurse.pk}": "absent", "referent": world.nurse.pk}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Velg til stede eller forfall." in html
    response = client.post(
        url,
        {
            f"status_{world.lead.pk}": "present",
            f"status_{world.member.pk}": "present",
            f"status_{world.nurse.pk}": "absent",
            "referent": world.nurse.pk,
        },
    )
    assert "Referenten må være til stede." in response.content.decode()
    assert not Attendance.objects.filter(meeting=meeting, is_referent=True).exists()


def test_autosave_answers_with_saved_time_and_new_version(world, item, login):
    client = login(world.member)
    response = client.post(
        reverse("meetings:notes_save", args=[item.pk]),
        {"notes": "Drøftet lesing.", "version": "0"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lagret kl." in html
    assert 'name="version" value="1"' in html
    item.refresh_from_db()
    assert (item.notes, item.notes_version, item.notes_updated_by) == ("Drøftet lesing.", 1, world.member)


def test_autosave_with_stale_version_is_refused_and_shows_the_other_text(world, item, login):
    url = reverse("meetings:notes_save", args=[item.pk])
    login(world.lead).post(url, {"notes": "Rektors tekst", "version": "0"}, headers={"HX-Request": "true"})
    client = login(world.member)
    response = client.post(url, {"notes": "Min tekst", "version": "0"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "mens du skrev" in html
    assert "Rektors tekst" in html
    item.refresh_from_db()
    assert item.notes == "Rektors tekst"


def test_plain_submit_conflict_keeps_what_was_typed(world, item, login):
    url = reverse("meetings:notes_save", args=[item.pk])
    login(world.lead).post(url, {"notes": "Rektors tekst", "version": "0"})
    response = login(world.member).post(url, {"notes": "Min tekst", "version": "0"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Min tekst" in html
    assert "Rektors tekst" in html
    # Having seen the other text, the user may deliberately save over it.
    response = login(world.member).post(url, {"notes": "Flettet tekst", "version": "0", "overwrite_version": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.notes == "Flettet tekst"


def test_task_requires_owner_and_deadline_and_keeps_input(world, item, login):
    prefix = f"task-{item.pk}"
    response = login(world.member).post(
        reverse("meetings:task_create", args=[item.pk]), {f"{prefix}-title": "Kartlegge lesing"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Velg hvem som er ansvarlig." in html
    assert "Sett en frist." in html
    assert "Kartlegge lesing" in html
    assert not Task.objects.exists()


def test_task_from_minutes_goes_to_the_log_and_case_timeline(world, item, login):
    prefix = f"task-{item.pk}"
    response = login(world.member).post(
        reverse("meetings:task_create", args=[item.pk]),
        {
            f"{prefix}-title": "Kartlegge lesing",
            f"{prefix}-owner": world.teacher.pk,
            f"{prefix}-deadline": "2026-10-20",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.owner, task.deadline, task.case_id, task.meeting_id) == (
        world.teacher,
        datetime.date(2026, 10, 20),
        item.case_id,
        item.meeting_id,
    )
    assert item.case.timeline.filter(kind="task.create").exists()
    assert list(tasks_owned_by(world.teacher)) == [task]


def test_task_done_by_owner_or_lead_only(world, meeting, login):
    task = make_task(world, deadline=datetime.date(2026, 10, 1), owner=world.teacher)
    assert login(world.nurse).post(reverse("meetings:task_done", args=[task.pk])).status_code == 403
    assert login(world.outsider).post(reverse("meetings:task_done", args=[task.pk])).status_code == 404
    assert login(world.teacher).post(reverse("meetings:task_done", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    assert list(tasks_owned_by(world.teacher)) == []
    other = make_task(world, deadline=datetime.date(2026, 10, 1), owner=world.teacher)
    assert login(world.lead).post(reverse("meetings:task_done", args=[other.pk])).status_code == 302


def test_minutes_show_case_anonymously_and_link_to_action_plan(world, meeting, item, login):
    html = login(world.member).get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert f"Anonym sak {item.case.number} (5. trinn)" in html
    assert "Nordmann" not in html
    assert f"{reverse('plans:plan_create', args=[item.case_id])}?meeting={meeting.pk}" in html
    assert 'hx-trigger="keyup changed delay:1s, change"' in html


def test_approval_needs_a_referent(world, meeting, lead_access, login):
    response = login(world.lead).post(
        reverse("meetings:minutes_approve", args=[meeting.pk]), {"confirm": "1"}, follow=True
    )
    assert "Registrer oppmøte" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status != Meeting.Status.APPROVED


def test_approval_locks_minutes_and_reopen_makes_version_2_keeping_version_1(
    world, meeting, item, lead_access, member_access, login
):
    record_attendance(world, meeting, member_access)
    notes_url = reverse("meetings:notes_save", args=[item.pk])
    member = login(world.member)
    member.post(notes_url, {"notes": "Første referat", "version": "0"})
    assert member.post(reverse("meetings:minutes_approve", args=[meeting.pk]), {"confirm": "1"}).status_code == 403
    lead = login(world.lead)
    lead.post(reverse("meetings:minutes_approve", args=[meeting.pk]), {"confirm": "1"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.APPROVED

    member = login(world.member)
    member.post(notes_url, {"notes": "Endret i smug", "version": "1"})
    item.refresh_from_db()
    assert item.notes == "Første referat"
    prefix = f"task-{item.pk}"
    member.post(
        reverse("meetings:task_create", args=[item.pk]),
        {f"{prefix}-title": "X", f"{prefix}-owner": world.member.pk, f"{prefix}-deadline": "2026-10-20"},
    )
    assert not Task.objects.exists()

    lead = login(world.lead)
    lead.post(reverse("meetings:minutes_reopen", args=[meeting.pk]))
    lead.post(notes_url, {"notes": "Rettet referat", "version": "1"})
    lead.post(reverse("meetings:minutes_approve", args=[meeting.pk]), {"confirm": "1"})
    versions = list(meeting.minutes_versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["items"][0]["notes"] == "Første referat"
    assert versions[1].snapshot["items"][0]["notes"] == "Rettet referat"
    html = login(world.member).get(reverse("meetings:minutes_version", args=[meeting.pk, 1])).content.decode()
    assert "Første referat" in html
    assert "Per Pedersen: Til stede (referent)" in html
    assert item.case.timeline.filter(kind="meeting.minutes_approved").count() == 2


def test_approved_version_hides_name_again_after_consent_is_withdrawn(
    world, meeting, lead_access, member_access, case_factory, login
):
    case = case_factory(consent=True)
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case)
    record_attendance(world, meeting, member_access)
    version = minutes_approve(access=lead_access, meeting=meeting)
    assert version.snapshot["items"][0]["label"] == "Ola Nordmann (5A)"
    url = reverse("meetings:minutes_version", args=[meeting.pk, 1])
    assert "Ola Nordmann" in login(world.member).get(url).content.decode()
    for guardian in (world.guardian, world.guardian2):
        Consent.objects.create(
            case=case,
            guardian=guardian,
            status=Consent.Status.WITHDRAWN,
            scopes=["team"],
            date=datetime.date(2026, 9, 20),
            recorded_by=world.lead,
        )
    html = login(world.member).get(url).content.decode()
    assert "Nordmann" not in html
    assert f"Anonym sak {case.number} (5. trinn)" in html


@pytest.mark.parametrize(("who", "status"), [("lead", 200), ("member", 200), ("outsider", 404)])
def test_minutes_version_only_for_the_team(world, meeting, lead_access, member_access, login, who, status):
    record_attendance(world, meeting, member_access)
    minutes_approve(access=lead_access, meeting=meeting)
    response = login(getattr(world, who)).get(reverse("meetings:minutes_version", args=[meeting.pk, 1]))
    assert response.status_code == status


def test_next_meeting_and_meetings_for_are_scoped_to_own_teams(world, lead_access, time_machine):
    time_machine.move_to(at(2026, 10, 1))
    later = services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 10, 13))
    soon = services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 10, 6))
    services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 9, 29))
    services.meeting_create(access=Access(world.outsider), team=world.other_team, starts_at=at(2026, 10, 2))
    member = Access(world.member)
    assert next_meeting_for(member) == soon
    assert later in meetings_for(member)
    assert meetings_for(Access(world.teacher)).count() == 0
