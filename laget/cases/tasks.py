"""Background work for cases (django-tasks; the worker runs it, tests run it at once)."""

from django_tasks import task

from .notices import referral_notices_deliver


@task()
def send_referral_notices(referral_id: int) -> int:
    return referral_notices_deliver(referral_id=referral_id)
