"""Background work of the deadline engine (django-tasks; the worker runs it, tests run it at once)."""

from django_tasks import task

from . import engine
from .outbox import relay
from .schedule import claim_schedule


@task(takes_context=True)
def deadlines_scan(context) -> dict:
    """Queue the next scan first (schedule.py), then find and dispatch today's reminders."""
    claim_schedule(current_task_id=str(context.task_result.id))
    return engine.scan()


@task()
def deadlines_send(reminder_ids: list[int]) -> int:
    sent = engine.send_reminders(reminder_ids)
    if sent:
        deadlines_relay.enqueue()
    return sent


@task()
def deadlines_relay() -> int:
    return relay()
