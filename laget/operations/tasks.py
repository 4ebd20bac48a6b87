"""The nightly jobs, as django-tasks the worker runs; `scheduler.py` decides when they are queued."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("laget.operations.jobs")


class AccessLogBroken(Exception):
    """The access log's hash chain does not verify: someone changed it behind the application."""


def alert(subject: str, body: str) -> None:
    """An operator must act: an ERROR log line always, and an e-mail when OPS_ALERT_EMAILS is set."""
    logger.error(subject, extra={"detail": body})
    if settings.OPS_ALERT_EMAILS:
        send_mail(subject=f"[Laget] {subject}", message=body, from_email=None, recipient_list=settings.OPS_ALERT_EMAILS)


@task()
def retention_nightly() -> dict:
    """Archive and purge closed cases past the owner's retention period (laget.privacy.retention)."""
    from laget.privacy.retention import retention_run

    cases = retention_run()
    logger.info("retention run", extra={"purged_cases": len(cases)})
    return {"purged_cases": len(cases)}


@task()
def audit_verify_nightly() -> dict:
    """Verify every access-log chain; a broken chain alerts the operator and fails the task."""
    from laget.audit.services import chains_verify

    chains, rows, problems = chains_verify()
    if problems:
        alert("Access log verification FAILED", "\n".join(problems[:200]))
        raise AccessLogBroken(f"{len(problems)} problem(s) in the access log")
    logger.info("access log intact", extra={"chains": chains, "rows": rows})
    return {"chains": chains, "rows": rows}


@task()
def prune_finished_tasks() -> dict:
    """Delete finished task rows (django-tasks-db) and scheduler rows older than TASK_RESULTS_KEEP_DAYS."""
    from django_tasks_db.models import DBTaskResult

    from .models import ScheduledRun

    days = settings.TASK_RESULTS_KEEP_DAYS
    before = DBTaskResult.objects.count()
    call_command("prune_db_task_results", min_age_days=days, queue_name="*", verbosity=0)
    pruned_tasks = before - DBTaskResult.objects.count()
    cutoff = timezone.now() - datetime.timedelta(days=days)
    pruned_runs, _ = ScheduledRun.objects.filter(period__lt=cutoff).delete()
    logger.info("pruned finished tasks", extra={"task_rows": pruned_tasks, "scheduler_rows": pruned_runs})
    return {"task_rows": pruned_tasks, "scheduler_rows": pruned_runs}
