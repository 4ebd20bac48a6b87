"""Bærum's seven key figures, computed from recorded rows (laget.reports.figures)."""

import datetime

from reports_helpers import at, item, make_meeting, measure, plan

from laget.cases.models import Case, Kind, Measure
from laget.meetings.models import AgendaItem, Meeting
from laget.reports.figures import compute, compute_meeting, school_year_bounds, school_year_of

YEAR = school_year_bounds(2026)


def test_time_from_first_concern_to_closure_or_referral(world, baerum):
    fig = compute([world.school.pk], *YEAR).total
    by_case = {c.case_id: c for c in fig.case_times}
    assert by_case[baerum.case1.pk].days == 30
    assert by_case[baerum.case1.pk].end_kind == "closed"
    # Sent to PPT on 21 Sep, before the closure on 1 Dec: the referral ends the clock.
    assert by_case[baerum.case2.pk].days == 20
    assert by_case[baerum.case2.pk].end_kind == "referral"
    assert baerum.system_case.pk not in by_case  # still open
    assert fig.median_days == 25


def test_meeting_shows_days_so_far_for_open_cases_outside_the_median(baerum):
    fig = compute_meeting(baerum.meeting)
    by_case = {c.case_id: c for c in fig.case_times}
    assert by_case[baerum.system_case.pk].ended_on is None
    assert by_case[baerum.system_case.pk].days == 35  # 1 Sep → 6 Oct
    assert fig.median_days == 25


def test_system_cases_discussed_count_topics_and_system_cases_in_part_one(baerum):
    assert compute_meeting(baerum.meeting).system_cases == 2  # topic + system case; task follow-up not


def test_system_measures_started_and_staff_benefiting(baerum):
    fig = compute_meeting(baerum.meeting)
    assert fig.system_measures_started == 2
    assert sorted((m.staff_benefiting or 0) for m in fig.system_measures) == [0, 12]
    assert fig.staff_benefiting_total == 12
    assert fig.staff_benefiting_missing == 1


def test_individual_cases_discussed_counts_each_case_once(baerum):
    assert compute_meeting(baerum.meeting).individual_cases == 2


def test_measures_tied_to_individual_cases(baerum):
    fig = compute_meeting(baerum.meeting)
    assert fig.system_measures_individual == 1
    assert fig.individual_measures_individual == 2  # case 2's measure came outside the meeting


def test_period_adds_measures_started_outside_meetings(world, baerum):
    report = compute([world.school.pk], *YEAR)
    assert report.total.individual_measures_individual == 3
    assert report.by_meeting[baerum.meeting.pk].individual_measures_individual == 2
    assert report.total.system_cases == 2
    assert report.total.individual_cases == 2


def test_period_counts_only_held_resource_team_meetings(world, baerum, case_factory):
    planned = make_meeting(world, at(2026, 11, 3), status=Meeting.Status.PLANNED)
    item(planned, AgendaItem.Part.SYSTEM)
    other_kind = make_meeting(world, at(2026, 11, 4))
    Meeting.objects.filter(pk=other_kind.pk).update(kind=Meeting.Kind.TRANSITION)
    item(other_kind, AgendaItem.Part.SYSTEM)
    report = compute([world.school.pk], *YEAR)
    assert [m.pk for m in report.meetings] == [baerum.meeting.pk]
    assert report.total.system_cases == 2


def test_school_year_runs_from_first_august_to_end_of_july(world, case_factory):
    assert school_year_of(datetime.date(2026, 7, 31)) == 2025
    assert school_year_of(datetime.date(2026, 8, 1)) == 2026
    late = make_meeting(world, at(2026, 7, 31, 23, 30))  # local time: still 31 July
    early = make_meeting(world, at(2026, 8, 1, 0, 30))
    item(late, AgendaItem.Part.SYSTEM)
    item(early, AgendaItem.Part.SYSTEM)
    item(early, AgendaItem.Part.SYSTEM)
    case = case_factory(kind=Kind.SYSTEM)
    Case.objects.filter(pk=case.pk).update(
        first_concern_date=datetime.date(2026, 6, 1), closed_on=datetime.date(2026, 7, 31)
    )
    measure(world, case, level=Measure.Level.SYSTEM, start_date=datetime.date(2026, 8, 1))
    measure(world, case, level=Measure.Level.SYSTEM, action_plan=plan(world, case, late))
    old, new = compute([world.school.pk], *school_year_bounds(2025)), compute([world.school.pk], *YEAR)
    assert (old.total.system_cases, new.total.system_cases) == (1, 2)
    assert (len(old.total.ended), len(new.total.ended)) == (1, 0)
    assert old.total.median_days == 60
    assert (old.total.system_measures_started, new.total.system_measures_started) == (1, 1)


def test_figures_broken_down_by_case_area(world, baerum):
    report = compute([world.school.pk], *YEAR)
    areas = report.by_area
    assert areas[Case.Area.SCHOOL_ENVIRONMENT].system_cases == 1
    assert areas[Case.Area.SCHOOL_ENVIRONMENT].system_measures_started == 2
    assert areas[""].system_cases == 1  # the topic has no case and no area
    assert areas[Case.Area.ADAPTED_EDUCATION].individual_cases == 1
    assert areas[Case.Area.ADAPTED_EDUCATION].individual_measures_individual == 2
    assert areas[Case.Area.ADAPTED_EDUCATION].median_days == 30
    assert areas[Case.Area.LANGUAGE].median_days == 20
    assert report.cases_by_area == {
        Case.Area.SCHOOL_ENVIRONMENT: 1,
        Case.Area.ADAPTED_EDUCATION: 1,
        Case.Area.LANGUAGE: 1,
    }


def test_other_schools_rows_do_not_count(world, baerum):
    assert compute([world.other_school.pk], *YEAR).total.system_cases == 0
