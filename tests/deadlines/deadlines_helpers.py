"""Helpers for the deadline tests: real rows, no mocks."""

import datetime
import zoneinfo

from django.utils import timezone

from laget.cases.models import Measure
from laget.meetings.models import Task

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def morning(year, month, day, hour=7):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=OSLO)


def make_task(world, *, deadline, title="Bestille kurs for personalet", owner=None, case=None, done=False):
    return Task.objects.create(
        school=world.school,
        team=world.team,
        title=title,
        owner=owner or world.member,
        deadline=deadline,
        case=case,
        created_by=world.lead,
        done_at=timezone.now() if done else None,
    )


def make_measure(case, *, owner, evaluation_date, description="Lesekurs", status=Measure.Status.ACTIVE):
    return Measure.objects.create(
        case=case, description=description, owner=owner, evaluation_date=evaluation_date, status=status
    )
