"""The periodic scan without cron: each run of `deadlines_scan` queues the next one (run_after).

One row (ScanSchedule "deadlines_scan") names the queued task that owns the schedule. Whoever wants
to queue the next scan locks that row first; it queues only if it *is* the owner, or the owner is
dead (missing, finished, failed, or RUNNING longer than the lease — its worker was killed: the
database backend leaves such a task RUNNING forever). So two workers never grow two schedules, and
a killed worker's schedule is taken over by the next caller. The next scan is queued at the *start*
of a run, so a worker killed during the scan does not end the schedule.

Callers: the scan task itself, and `manage.py deadlines_scan --schedule` when a worker starts
(`make run`, `make worker`). Backends that cannot defer (the immediate backend in tests) have no
schedule; there `manage.py deadlines_scan` from cron does the same work.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ScanSchedule

SCHEDULE = "deadlines_scan"


def _task_alive(task_id: str, now) -> bool:
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(pk=task_id).values("status", "started_at").first()
    if row is None:
        return False
    if row["status"] == "READY":
        return True
    if row["status"] == "RUNNING":
        lease = datetime.timedelta(seconds=settings.DEADLINES_LEASE_SECONDS)
        return row["started_at"] is not None and row["started_at"] > now - lease
    return False


def schedule_supported() -> bool:
    from django_tasks_db.backend import DatabaseBackend

    from .tasks import deadlines_scan

    return isinstance(deadlines_scan.get_backend(), DatabaseBackend)


def claim_schedule(*, current_task_id: str | None = None) -> str | None:
    """Queue the next scan if this caller owns the schedule (or nobody alive does).
    Returns the id of the task queued, or None when another live task owns the schedule."""
    if not schedule_supported():
        return None
    from .tasks import deadlines_scan

    now = timezone.now()
    with transaction.atomic():
        ScanSchedule.objects.get_or_create(name=SCHEDULE)
        schedule = ScanSchedule.objects.select_for_update().get(name=SCHEDULE)
        owner = schedule.task_id
        if owner and owner != current_task_id and _task_alive(owner, now):
            return None
        delay = settings.DEADLINES_SCAN_INTERVAL_SECONDS if current_task_id else 0
        # The database backend inserts the task row in this transaction: queued and owned commit together.
        result = deadlines_scan.using(run_after=now + datetime.timedelta(seconds=delay)).enqueue()
        schedule.task_id = str(result.id)
        schedule.save(update_fields=["task_id", "updated_at"])
    return schedule.task_id
