"""The compliance view's lines (laget.reports.compliance), green / amber / red."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from reports_helpers import at, make_meeting

from laget.meetings.models import Attendance, GuestInvitation, Meeting, Task
from laget.reports import compliance as compliance_module
from laget.reports.compliance import AMBER, GREEN, GREY, RED, compliance

AFTER_YEAR = datetime.date(2026, 8, 15)  # the school year 2025/26 is over


def lines(school, year=2025, today=AFTER_YEAR):
    return {line.code: line for line in compliance(school, year, today=today)}


def weekly(world, count, *, invited_days=5, status=Meeting.Status.APPROVED):
    return [
        make_meeting(world, at(2025, 9, 1) + datetime.timedelta(weeks=4 * i), status=status, invited_days=invited_days)
        for i in range(count)
    ]


@pytest.fixture
def every_fourth_week(world):
    world.team.cadence_weeks = 4
    world.team.save()
    return world


def test_cadence_met(every_fourth_week):
    weekly(every_fourth_week, 9)  # 38 teaching weeks / 4
    line = lines(every_fourth_week.school)["cadence"]
    assert (line.value, line.color) == ("9 / 9", GREEN)


def test_cadence_missed(every_fourth_week):
    weekly(every_fourth_week, 5)
    assert lines(every_fourth_week.school)["cadence"].color == RED


def test_planned_meetings_do_not_count_as_held(every_fourth_week):
    weekly(every_fourth_week, 9, status=Meeting.Status.PLANNED)
    assert lines(every_fourth_week.school)["cadence"].value == "0 / 9"


def test_invitation_lead_time_median_and_meetings_without(world):
    weekly(world, 4, invited_days=5)
    line = lines(world.school)["invitations"]
    assert line.color == GREEN
    assert "5" in line.value
    make_meeting(world, at(2025, 12, 1), status=Meeting.Status.APPROVED)  # no invitation
    line = lines(world.school)["invitations"]
    assert line.color == AMBER
    assert "1 møter uten innkalling" in line.detail


def test_invitations_sent_too_late_are_red(world):
    weekly(world, 3, invited_days=0)
    assert lines(world.school)["invitations"].color == RED


def test_minutes_approved_share(world):
    weekly(world, 3, status=Meeting.Status.APPROVED)
    weekly(world, 1, status=Meeting.Status.HELD)
    line = lines(world.school)["minutes"]
    assert (line.value, line.color) == ("75 %", RED)


def test_tasks_overdue(world):
    Task.objects.create(
        school=world.school,
        team=world.team,
        title="Ring",
        owner=world.member,
        deadline=datetime.date(2026, 8, 1),
        created_by=world.lead,
    )
    Task.objects.create(
        school=world.school,
        team=world.team,
        title="Ferdig",
        owner=world.member,
        deadline=datetime.date(2026, 8, 1),
        created_by=world.lead,
        done_at=at(2026, 8, 2),
    )
    line = lines(world.school)["tasks"]
    assert (line.value, line.color) == ("1", AMBER)


def test_open_individual_case_without_consent_is_counted(world, case_factory):
    case_factory(consent=True)
    today = datetime.date(2026, 10, 1)
    assert lines(world.school, 2026, today)["consent"].color == GREEN
    case_factory(student=world.student2)
    line = lines(world.school, 2026, today)["consent"]
    assert (line.value, line.color) == ("1", AMBER)


def _tgl_visit(world, meeting, *, absent=False, agency="TGL – Senter for trygt og godt læringsmiljø"):
    guest, _ = get_user_model().objects.get_or_create(username="tgl-veileder")
    GuestInvitation.objects.create(
        meeting=meeting, guest=guest, agency_name=agency, invited_by=world.lead, invited_at=meeting.starts_at
    )
    if absent:
        Attendance.objects.create(meeting=meeting, user=guest, status=Attendance.Status.ABSENT)


@pytest.fixture
def sandnes_routine(monkeypatch):
    monkeypatch.setattr(compliance_module, "routine_data", lambda school: ({"tgl_visits_per_year": 2}, None))


def test_tgl_visits_zero_is_red_when_the_routine_wants_two(world, sandnes_routine):
    meetings = weekly(world, 3)
    _tgl_visit(world, meetings[0], absent=True)  # invited but did not come
    _tgl_visit(world, meetings[1], agency="BUP")
    line = lines(world.school)["tgl"]
    assert (line.value, line.color) == ("0", RED)


def test_tgl_visits_two_is_green(world, sandnes_routine):
    meetings = weekly(world, 3)
    _tgl_visit(world, meetings[0])
    _tgl_visit(world, meetings[2], agency="Trygt og godt skolemiljø")
    line = lines(world.school)["tgl"]
    assert (line.value, line.color) == ("2", GREEN)


def test_tgl_without_routine_is_not_assessed(world):
    assert lines(world.school)["tgl"].color == GREY


def test_routine_revision_unknown_without_routines(world, monkeypatch):
    monkeypatch.setattr(compliance_module, "routine_data", lambda school: ({}, None))
    line = lines(world.school)["revision"]
    assert (line.value, line.color) == ("ukjent", GREY)


def test_routine_revised_this_school_year_is_green(world, monkeypatch):
    class Version:
        created_at = at(2025, 9, 10)

    monkeypatch.setattr(compliance_module, "routine_data", lambda school: ({}, Version()))
    line = lines(world.school)["revision"]
    assert (line.value, line.color) == ("10.09.2025", GREEN)


def test_sandnes_routine_requires_two_tgl_visits_and_weekly_meetings(world):
    from laget.routines.services import routine_load_preset

    routine_load_preset(school=world.school, preset="sandnes_grunnskole", user=world.lead)
    meetings = weekly(world, 9)  # every fourth week, but Sandnes meets weekly
    _tgl_visit(world, meetings[0])
    result = lines(world.school)
    assert result["cadence"].value == "9 / 38"
    assert result["cadence"].color == RED
    assert (result["tgl"].value, result["tgl"].color) == ("1", RED)
    assert "minst 2" in result["tgl"].detail
    assert result["revision"].value != "ukjent"
    # Half-way through the year one visit is on track.
    assert lines(world.school, today=datetime.date(2026, 1, 15))["tgl"].color == AMBER
