"""Fixtures for the action-plan tests: a meeting with attendance, a saved plan."""

import datetime

import pytest
from django.utils import timezone

from laget.cases.models import ActionPlan, Measure
from laget.meetings.models import Attendance, Meeting


@pytest.fixture
def meeting(world):
    m = Meeting.objects.create(
        team=world.team,
        starts_at=timezone.make_aware(datetime.datetime(2026, 10, 6, 12, 0)),
        created_by=world.lead,
    )
    Attendance.objects.create(meeting=m, user=world.lead, status=Attendance.Status.PRESENT)
    Attendance.objects.create(meeting=m, user=world.member, status=Attendance.Status.PRESENT, is_referent=True)
    Attendance.objects.create(meeting=m, user=world.nurse, status=Attendance.Status.ABSENT)
    return m


@pytest.fixture
def plan_factory(world):
    def factory(case, *, measures=1, owner=None, evaluation_date=datetime.date(2026, 12, 1)):
        plan = ActionPlan.objects.create(
            case=case,
            date_discussed=datetime.date(2026, 10, 6),
            main_challenge="Primærvansken er lesing.",
            main_goal="Leser alderstilpasset tekst.",
            challenges=["lesevansker"],
            created_by=world.lead,
        )
        for i in range(measures):
            Measure.objects.create(
                case=case,
                action_plan=plan,
                description=f"Lesekurs {i + 1}",
                owner=owner or world.teacher,
                evaluation_date=evaluation_date,
            )
        return plan

    return factory
