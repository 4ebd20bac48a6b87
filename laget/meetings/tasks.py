"""Background work for meetings (django-tasks; the worker runs it, tests run it at once)."""

from django_tasks import task

from .invitations import invitation_deliver


@task()
def send_meeting_invitation(meeting_id: int, round: int) -> int:
    return invitation_deliver(meeting_id=meeting_id, round=round)
