"""The access log: every read and write of a student's data, append-only and hash-chained.

Each school has its own chain (so a national installation can shard by owner). A row's
hash covers its content and the previous row's hash, so altering, deleting, inserting or
reordering rows breaks the chain (`manage.py audit_verify`). Rows are written in the request's
transaction and sealed into the chain right after it commits (docs/decisions/0004).
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log cannot be edited")

    def delete(self):
        raise AppendOnlyError("The access log cannot be deleted from")


class AccessLogEntry(models.Model):
    # Plain integers, not foreign keys: the log must outlive users, students and cases
    # (retention purges personal data but keeps who-saw-what).
    chain = models.CharField(max_length=40, db_index=True)
    # Place in the chain, the previous row's hash and this row's hash: set once, by the sealing
    # right after the writing transaction commits (laget.audit.services.chain_seal). Empty until then.
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField()
    user_id = models.BigIntegerField(null=True)
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=200, blank=True)
    school_id = models.BigIntegerField(null=True, db_index=True)
    student_id = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True)
    emergency = models.BooleanField(default=False)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [
            models.Index(fields=["user_id", "at"]),
            # The review: a school's rows newest first, and by user (keyset pagination on (at, id)).
            models.Index(fields=["school_id", "at", "id"], name="audit_school_at"),
            models.Index(fields=["school_id", "user_id", "at", "id"], name="audit_school_user_at"),
            models.Index(fields=["school_id", "at", "id"], condition=models.Q(emergency=True), name="audit_emergency"),
            # The sealing job finds the unsealed rows of a chain without scanning it.
            models.Index(fields=["chain", "id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"),
        ]
        ordering = ["chain", "seq"]
        verbose_name = _("tilgangslogg")
        verbose_name_plural = _("tilgangslogg")

    def canonical(self) -> str:
        data = {
            "chain": self.chain,
            "seq": self.seq,
            "at": self.at.isoformat(),
            "user_id": self.user_id,
            "username": self.username,
            "role": self.role,
            "school_id": self.school_id,
            "student_id": self.student_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "detail": self.detail,
            "reason": self.reason,
            "emergency": self.emergency,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log cannot be edited")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log cannot be deleted from")


class ChainHead(models.Model):
    """The tip of one chain; locked while a row is appended so appends are serial."""

    chain = models.CharField(max_length=40, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class EmergencyAccess(models.Model):
    """Nødtilgang: a staff member opened a student of their own school outside their relations.

    Time-limited, given only with a written reason, logged with emergency=True and listed for
    the principal's review. Plain integers for school and student, like the log itself.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    school_id = models.BigIntegerField(db_index=True)
    student_id = models.BigIntegerField()
    reason = models.TextField(_("begrunnelse"))
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("nødtilgang")
        verbose_name_plural = _("nødtilganger")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"])]
        permissions = [("review_access_log", _("Kan gå gjennom tilgangsloggen (personvernombud)"))]
