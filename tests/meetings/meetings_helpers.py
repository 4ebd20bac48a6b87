"""Helpers shared by the meetings tests (real models, no mocks)."""

import datetime

from django.utils import timezone

from laget.cases.models import Measure
from laget.meetings.models import Task


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def make_task(world, *, deadline, title="Ringe foresatte", done=False, team=None, case=None, owner=None):
    team = team or world.team
    return Task.objects.create(
        school=team.school,
        team=team,
        title=title,
        owner=owner or world.member,
        deadline=deadline,
        case=case,
        created_by=world.lead,
        done_at=timezone.now() if done else None,
    )


def make_measure(world, case, *, evaluation_date, status=Measure.Status.ACTIVE):
    return Measure.objects.create(
        case=case,
        description="Lesekurs to ganger i uka",
        owner=world.member,
        evaluation_date=evaluation_date,
        status=status,
    )


def count_queries(client, url) -> int:
    """Queries one GET performs (counted by an execute wrapper, which a request's log reset does not clear)."""
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        assert client.get(url).status_code == 200
    return count
