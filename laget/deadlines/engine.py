"""Reminders, each exactly once: before the deadline, at it, and an escalation to the school's
team lead(s) after it (rule 5).

How "exactly once" holds under crashes and concurrent workers
-------------------------------------------------------------
1. *What is due* is computed, not stored: `stage_for(due, today)` puts every open deadline in at
   most one stage window — before: [due − N, due), due: [due, due + M), escalation: [due + M, ∞).
   Only the current stage is sent; a stage whose window passed while no worker ran is skipped
   rather than sent late next to the following one.
2. *The idempotency key* is the Reminder row, unique on (key, stage). `scan()` inserts missing rows
   with `bulk_create(ignore_conflicts=True)`, so two scans racing insert each row once.
3. *The send* of one reminder is one transaction: lock the row with
   `select_for_update(skip_locked=True)` and re-check `sent_at IS NULL`, render the e-mails and
   hand them to `OutboxBackend`, which only INSERTs OutboxMessage rows in that same transaction,
   then set `sent_at`. Commit makes "reminded" and "e-mail queued" true together; a crash (SIGKILL,
   lost connection) before commit rolls both back and the row is still pending for the next scan.
   A second worker either skips the locked row or, once the first commits, no longer matches
   `sent_at IS NULL` (PostgreSQL re-evaluates the WHERE on the new row version under READ COMMITTED).
   On SQLite there is no row locking, but Laget opens write transactions with BEGIN IMMEDIATE,
   so the whole claim-and-mark transaction is serialised by the database write lock.
4. *Delivery* (outbox.py) is the one boundary that cannot be exactly-once: SMTP has no
   transaction with our database. The relay claims an outbox row (commits `claimed_at`), hands the
   message to the configured SMTP backend, then commits `sent_at`. A crash between the SMTP server
   accepting the message and that commit leaves the row claimed; after a lease it is delivered
   again with the *same* Message-ID, so the receiving side can discard the copy. So: exactly once
   up to the outbox, at-least-once (with a stable Message-ID) across SMTP — a lost reminder is
   worse than a duplicate for rule 5.
5. A deadline that is closed (task done, measure evaluated) between scans is never sent:
   `dispatch` only sends reminders the current scan found open and due; a row left pending by a
   crash is sent by the next scan only if its deadline is still open and still in that stage.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from laget.organisations.models import Membership

from .emails import reminder_messages
from .models import Reminder, Stage
from .outbox import OutboxBackend
from .registry import DeadlineItem, open_deadlines

User = get_user_model()


def stage_for(due: datetime.date, today: datetime.date) -> str | None:
    """The one reminder stage whose window `today` is in, or None before the first."""
    before = datetime.timedelta(days=settings.DEADLINES_REMIND_DAYS_BEFORE)
    escalate = datetime.timedelta(days=settings.DEADLINES_ESCALATE_DAYS_AFTER)
    if today < due - before:
        return None
    if today < due:
        return Stage.BEFORE
    if today < due + escalate:
        return Stage.DUE
    return Stage.ESCALATION


def due_reminders(today: datetime.date) -> list[tuple[DeadlineItem, str]]:
    """Every open deadline that has a stage today, with that stage."""
    until = today + datetime.timedelta(days=settings.DEADLINES_REMIND_DAYS_BEFORE)
    pairs = []
    for item in open_deadlines(until=until):
        stage = stage_for(item.due, today)
        if stage is not None:
            pairs.append((item, stage))
    return pairs


def _chunks(seq: list, size: int) -> Iterable[list]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


def ensure_reminder_rows(pairs: list[tuple[DeadlineItem, str]]) -> list[int]:
    """Insert the missing Reminder rows (racing scans insert each once); return the pending ids."""
    rows = [
        Reminder(
            key=item.key,
            stage=stage,
            kind=item.kind,
            school_id=item.school_id,
            owner_id=item.owner_id,
            due=item.due,
            title=item.title[:300],
            url=item.url[:500],
        )
        for item, stage in pairs
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    wanted = {(item.key, stage) for item, stage in pairs}
    pending: list[int] = []
    for keys in _chunks(sorted({key for key, _ in wanted}), 500):
        for pk, key, stage in Reminder.objects.filter(key__in=keys, sent_at__isnull=True).values_list(
            "pk", "key", "stage"
        ):
            if (key, stage) in wanted:
                pending.append(pk)
    return sorted(pending)


def scan(*, today: datetime.date | None = None, enqueue: bool = True) -> dict:
    """Find the reminders due today and send them: in batches as tasks (so several workers share the
    work), or inline when `enqueue` is False (the cron-style command). Idempotent."""
    today = today or timezone.localdate()
    # Each team's next planned meeting gets what fell due since its previous meeting (not on a GET).
    from laget.meetings.services import carry_over_upcoming

    carried = carry_over_upcoming()
    pairs = due_reminders(today)
    pending = ensure_reminder_rows(pairs)
    batch = settings.DEADLINES_SEND_BATCH
    if enqueue:
        from .tasks import deadlines_relay, deadlines_send

        with transaction.atomic():
            for ids in _chunks(pending, batch):
                transaction.on_commit(lambda ids=ids: deadlines_send.enqueue(reminder_ids=ids))
            # Also picks up outbox rows left claimed by a crashed relay once their lease ran out.
            transaction.on_commit(deadlines_relay.enqueue)
        sent = 0
    else:
        from .outbox import relay

        sent = send_reminders(pending)
        relay()
    return {"due": len(pairs), "pending": len(pending), "sent": sent, "agenda_items": carried}


def recipients_for(reminder: Reminder) -> list:
    """The owner before and at the deadline; after it the school's team lead(s) (not the owner,
    unless the owner is the only lead, and the owner when there is no lead at all)."""
    if reminder.stage != Stage.ESCALATION:
        return [reminder.owner]
    leads = {
        m.user_id: m.user
        for m in Membership.objects.filter(
            team__school_id=reminder.school_id, active=True, role__leads_team=True, user__is_active=True
        ).select_related("user")
    }
    others = [u for pk, u in sorted(leads.items()) if pk != reminder.owner_id]
    return others or list(leads.values()) or [reminder.owner]


def send_reminder(reminder_id: int) -> bool:
    """Send one reminder exactly once (see the module docstring). True if this call sent it."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("owner")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return False  # sent already, or another worker is sending it right now
        recipients = [u for u in recipients_for(reminder) if u.email]
        messages = reminder_messages(reminder, recipients)
        OutboxBackend(reminder=reminder).send_messages(messages)
        reminder.sent_at = timezone.now()
        reminder.recipient_count = len(messages)
        reminder.save(update_fields=["sent_at", "recipient_count"])
    return True


def send_reminders(reminder_ids: list[int]) -> int:
    """Send each reminder in its own short transaction; returns how many this call sent."""
    return sum(1 for pk in reminder_ids if send_reminder(pk))
