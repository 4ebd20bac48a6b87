"""The e-mail outbox: a Django e-mail backend that only writes rows, and the relay that delivers
them through the real (SMTP) backend.

`OutboxBackend.send_messages` INSERTs one OutboxMessage per message in the caller's transaction, so
"the e-mail was sent" commits or rolls back with the business change that caused it. `relay()`
delivers: claim a batch (commit `claimed_at`), send through `DEADLINES_RELAY_EMAIL_BACKEND`
(default: EMAIL_BACKEND), commit `sent_at` per message. A message claimed by a relay that died is
claimed again after `DEADLINES_LEASE_SECONDS` and redelivered with the same Message-ID
(at-least-once across SMTP; see engine.py).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def _msgid_domain() -> str:
    return settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "laget"


class OutboxBackend(BaseEmailBackend):
    """EMAIL backend: `send_messages` writes to the outbox table (in the current transaction)."""

    def __init__(self, *, reminder=None, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.reminder = reminder

    def send_messages(self, email_messages):
        rows = []
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    html = content
            message_id = message.extra_headers.get("Message-ID") or make_msgid(domain=_msgid_domain())
            rows.append(
                OutboxMessage(
                    message_id=message_id,
                    reminder=self.reminder,
                    from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                    to=list(message.to),
                    subject=message.subject,
                    body=message.body,
                    html=html,
                )
            )
        OutboxMessage.objects.bulk_create(rows)
        return len(rows)


def as_email(row: OutboxMessage) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        headers={"Message-ID": row.message_id},
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def _claim(batch: int, *, exclude: set[int]) -> list[OutboxMessage]:
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.DEADLINES_LEASE_SECONDS)
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
            .exclude(pk__in=exclude)
            .order_by("pk")[:batch]
        )
        if rows:
            OutboxMessage.objects.filter(pk__in=[r.pk for r in rows]).update(claimed_at=now, attempts=F("attempts") + 1)
    return rows


def relay(*, batch: int = 50, limit: int | None = None) -> int:
    """Deliver pending outbox messages; returns how many were handed to the mail server."""
    delivered = 0
    tried: set[int] = set()  # a message that failed is retried by a later relay, not in a loop here
    connection = get_connection(settings.DEADLINES_RELAY_EMAIL_BACKEND)
    while limit is None or delivered < limit:
        rows = _claim(batch, exclude=tried)
        if not rows:
            break
        tried.update(r.pk for r in rows)
        for row in rows:
            try:
                connection.send_messages([as_email(row)])
            except Exception as exc:  # noqa: BLE001 - keep the row for a later attempt, go on with the rest
                logger.warning("outbox: delivery of %s failed: %s", row.message_id, exc)
                OutboxMessage.objects.filter(pk=row.pk).update(claimed_at=None, last_error=str(exc)[:2000])
                continue
            OutboxMessage.objects.filter(pk=row.pk, sent_at__isnull=True).update(sent_at=timezone.now())
            delivered += 1
    return delivered
