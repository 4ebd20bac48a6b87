"""Background work for attendance follow-up (django-tasks; the worker runs it, tests run it at once)."""

from django_tasks import task

from .notifications import followup_notify


@task()
def notify_followup_opened(followup_id: int) -> int:
    return followup_notify(followup_id=followup_id)
