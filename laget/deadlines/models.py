"""The deadline engine's own rows: one Reminder per (deadline key, stage), the e-mail outbox,
the singleton scan schedule and the private calendar-feed tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.organisations.models import School

User = settings.AUTH_USER_MODEL


class Stage(models.TextChoices):
    BEFORE = "before", _("Påminnelse før fristen")
    DUE = "due", _("Påminnelse på fristen")
    ESCALATION = "escalation", _("Varsel til leder etter fristen")


class Reminder(models.Model):
    """One reminder stage of one deadline. The unique (key, stage) is the idempotency key:
    a row exists once, and `sent_at` is set in the transaction that wrote its e-mails to the outbox."""

    key = models.CharField(max_length=200)
    stage = models.CharField(max_length=12, choices=Stage.choices)
    kind = models.CharField(max_length=40)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    due = models.DateField()
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [models.UniqueConstraint(fields=["key", "stage"], name="reminder_key_stage_unique")]
        indexes = [models.Index(fields=["sent_at"], name="reminder_sent_at_idx")]

    def __str__(self):
        return f"{self.key} / {self.stage}"


class OutboxMessage(models.Model):
    """An e-mail "sent" by Laget: written in the sender's transaction, delivered later by the relay.
    `message_id` is fixed at write time so a redelivery after a crash carries the same Message-ID."""

    message_id = models.CharField(max_length=255, unique=True)
    reminder = models.ForeignKey(Reminder, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages")
    from_email = models.CharField(max_length=255)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=500)
    body = models.TextField()
    html = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        indexes = [models.Index(fields=["sent_at", "claimed_at"], name="outbox_pending_idx")]


class ScanSchedule(models.Model):
    """One row per periodic job: which queued task owns the schedule. Workers lock this row before
    re-enqueueing, so two workers never run two schedules."""

    name = models.CharField(max_length=50, unique=True)
    task_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class CalendarFeed(models.Model):
    """A private calendar URL: whoever has the token sees the owner's meetings and deadlines.
    Regenerating replaces the token, deleting revokes it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
