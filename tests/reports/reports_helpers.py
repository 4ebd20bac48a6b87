"""A Bærum-like resource-team meeting built row by row: one hour of system work, one hour of individual cases."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from laget.cases.models import ActionPlan, Case, Kind, Measure
from laget.meetings.models import AgendaItem, Meeting
from laget.ppt.models import PptProcess, PptStep, Step


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def make_meeting(world, starts_at, *, status=Meeting.Status.HELD, team=None, invited_days=None):
    team = team or world.team
    return Meeting.objects.create(
        team=team,
        starts_at=starts_at,
        status=status,
        created_by=world.lead,
        invitation_sent_at=starts_at - datetime.timedelta(days=invited_days) if invited_days is not None else None,
    )


def item(meeting, part, *, case=None, kind=None):
    kind = kind or (AgendaItem.Kind.CASE if case else AgendaItem.Kind.TOPIC)
    return AgendaItem.objects.create(meeting=meeting, part=part, kind=kind, case=case, title="Punkt")


def plan(world, case, meeting=None, date_discussed=datetime.date(2026, 10, 6)):
    return ActionPlan.objects.create(case=case, meeting=meeting, date_discussed=date_discussed, created_by=world.lead)


def measure(world, case, *, level, action_plan=None, staff=None, start_date=None, description="Tiltak"):
    return Measure.objects.create(
        case=case,
        action_plan=action_plan,
        description=description,
        owner=world.member,
        evaluation_date=datetime.date(2026, 12, 1),
        level=level,
        staff_benefiting=staff,
        start_date=start_date,
    )


def referral_sent(world, case, day):
    process = PptProcess.objects.create(
        school=case.school, case=case, iep_days=21, step_days=14, keep_half_year_report=False, created_by=world.lead
    )
    PptStep.objects.create(process=process, step=Step.SENT, date=day, done_by=world.lead)


@dataclass
class Baerum:
    meeting: Meeting
    system_case: Case
    case1: Case
    case2: Case


@pytest.fixture
def baerum(world, case_factory):
    """Meeting 6 Oct 2026 (school year 2026/27).

    Hour 1: a topic without a case, a system case (kap. 12), a task follow-up (not a discussion).
    Hour 2: individual case 1 (kap. 11) twice (case + evaluation item), individual case 2 (language).
    Plans of the meeting: system case → 2 system measures (12 staff, none recorded);
    case 1 → 1 system measure and 2 individual measures. Case 2 gets an individual measure outside any meeting.
    Case 1: first concern 1 Sep, closed 1 Oct (30 days). Case 2: first concern 1 Sep, sent to PPT 21 Sep (20 days).
    """
    m = make_meeting(world, at(2026, 10, 6))
    system_case = case_factory(kind=Kind.SYSTEM, title="Uro i 6. trinn")
    case1 = case_factory(consent=True)
    case2 = case_factory(student=world.student2)
    Case.objects.filter(pk=system_case.pk).update(area=Case.Area.SCHOOL_ENVIRONMENT)
    Case.objects.filter(pk=case1.pk).update(
        area=Case.Area.ADAPTED_EDUCATION, status=Case.Status.CLOSED, closed_on=datetime.date(2026, 10, 1)
    )
    Case.objects.filter(pk=case2.pk).update(area=Case.Area.LANGUAGE, closed_on=datetime.date(2026, 12, 1))
    referral_sent(world, case2, datetime.date(2026, 9, 21))
    item(m, AgendaItem.Part.SYSTEM)
    item(m, AgendaItem.Part.SYSTEM, case=system_case)
    item(m, AgendaItem.Part.SYSTEM, kind=AgendaItem.Kind.TASK_FOLLOWUP)
    item(m, AgendaItem.Part.INDIVIDUAL, case=case1)
    item(m, AgendaItem.Part.INDIVIDUAL, case=case1, kind=AgendaItem.Kind.EVALUATION)
    item(m, AgendaItem.Part.INDIVIDUAL, case=case2)
    sys_plan = plan(world, system_case, m)
    measure(world, system_case, level=Measure.Level.SYSTEM, action_plan=sys_plan, staff=12, description="Kurs")
    measure(world, system_case, level=Measure.Level.SYSTEM, action_plan=sys_plan)
    plan1 = plan(world, case1, m)
    measure(world, case1, level=Measure.Level.SYSTEM, action_plan=plan1, staff=3)
    measure(world, case1, level=Measure.Level.INDIVIDUAL, action_plan=plan1)
    measure(world, case1, level=Measure.Level.INDIVIDUAL, action_plan=plan1)
    measure(world, case2, level=Measure.Level.INDIVIDUAL, start_date=datetime.date(2026, 10, 20))
    for c in (system_case, case1, case2):
        c.refresh_from_db()
    return Baerum(meeting=m, system_case=system_case, case1=case1, case2=case2)
