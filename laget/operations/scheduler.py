"""The scheduler of the periodic jobs: each tick queues the jobs whose cron slot has come, once.

Why not a scheduler library: docs/decisions/0004-scheduler.md. The cron expressions are read by
cronsim, in the school's time zone (settings.TIME_ZONE; daylight saving handled there).

Exactly once per slot: a job is queued only by the transaction that inserts its
`ScheduledRun(job, period)` row; the unique constraint makes a second scheduler (or a restarted
one) find the row and queue nothing. With the database task backend the task row is inserted in
the same transaction, so "queued" and "recorded" commit together. A slot missed while no scheduler
ran is queued at the next tick (only the latest one, not every missed night).

The deadline scan keeps its own self-renewing schedule (laget/deadlines/schedule.py); each tick
re-arms it, so a schedule lost with a killed worker is back within a tick.
"""

import datetime
import logging
from dataclasses import dataclass

from cronsim import CronSim
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun

logger = logging.getLogger("laget.operations.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    cron: str  # minute hour day month weekday, in settings.TIME_ZONE
    task_path: str  # "module:function" of a django-tasks task

    def task(self):
        import importlib

        module, name = self.task_path.split(":")
        return getattr(importlib.import_module(module), name)


def jobs() -> list[Job]:
    """The periodic jobs and their cron expressions (SCHEDULE_* settings, from the environment)."""
    return [
        Job("retention", settings.SCHEDULE_RETENTION, "laget.operations.tasks:retention_nightly"),
        Job("audit_verify", settings.SCHEDULE_AUDIT_VERIFY, "laget.operations.tasks:audit_verify_nightly"),
        Job("prune_finished_tasks", settings.SCHEDULE_PRUNE_TASKS, "laget.operations.tasks:prune_finished_tasks"),
    ]


def latest_slot(cron: str, now: datetime.datetime) -> datetime.datetime:
    """The latest time at or before `now` that the cron expression names."""
    local = timezone.localtime(now).replace(microsecond=0) + datetime.timedelta(seconds=1)
    return next(CronSim(cron, local, reverse=True))


def queue_due(now: datetime.datetime | None = None) -> list[str]:
    """Queue every job whose latest slot has no run yet. Returns the names of the jobs queued."""
    now = now or timezone.now()
    queued = []
    for job in jobs():
        slot = latest_slot(job.cron, now)
        if ScheduledRun.objects.filter(job=job.name, period=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, period=slot)
                result = job.task().enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler recorded this slot first: it queued the job
        logger.info("queued", extra={"job": job.name, "slot": slot.isoformat(), "task_id": run.task_id})
        queued.append(job.name)
    return queued


def tick(now: datetime.datetime | None = None) -> list[str]:
    """One scheduler tick: re-arm the deadline scan, then queue the due jobs."""
    from laget.deadlines.schedule import claim_schedule

    scan = claim_schedule()
    if scan:
        logger.info("deadline scan queued", extra={"task_id": scan})
    return queue_due(now)
