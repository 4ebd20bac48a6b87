"""The outbox relay: delivery through the configured backend, redelivery after a lease with the same Message-ID."""

import datetime

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from laget.deadlines.models import OutboxMessage
from laget.deadlines.outbox import relay


def make_row(**kwargs):
    defaults = {
        "message_id": "<reminder-1@laget.test>",
        "from_email": "Laget <laget@localhost>",
        "to": ["pprad@skole.test"],
        "subject": "Frist i dag",
        "body": "Hei",
        "html": "<p>Hei</p>",
    }
    defaults.update(kwargs)
    return OutboxMessage.objects.create(**defaults)


def test_relay_delivers_each_message_once(db):
    make_row()
    assert relay() == 1
    assert relay() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == "<reminder-1@laget.test>"
    assert mail.outbox[0].alternatives[0][0] == "<p>Hei</p>"


@override_settings(DEADLINES_LEASE_SECONDS=600)
def test_message_claimed_by_a_dead_relay_is_redelivered_after_the_lease_with_the_same_id(db):
    row = make_row(claimed_at=timezone.now() - datetime.timedelta(seconds=30), attempts=1)
    assert relay() == 0  # another relay may still be delivering it
    OutboxMessage.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - datetime.timedelta(seconds=601))
    assert relay() == 1
    row.refresh_from_db()
    assert row.attempts == 2
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id


def test_failed_delivery_is_kept_for_a_later_attempt(db, monkeypatch):
    from django.core.mail.backends import locmem

    row = make_row()

    def smtp_down(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", smtp_down)
    assert relay() == 0
    monkeypatch.undo()
    row.refresh_from_db()
    assert row.sent_at is None
    assert row.claimed_at is None
    assert "smtp down" in row.last_error
    assert relay() == 1
