"""Writing the access log. Called inside the transaction of the read or write it records,
so a page with student data is never shown without its log row (fail closed)."""

from functools import partial

from django.db import models, transaction
from django.utils import timezone

from .models import AccessLogEntry, ChainHead

GENESIS = "0" * 64


def chain_name(school_id) -> str:
    return f"school:{school_id}" if school_id else "global"


def access_log_write(
    *,
    user,
    action: str,
    school_id=None,
    student_id=None,
    obj=None,
    detail: str = "",
    role: str = "",
    reason: str = "",
    emergency: bool = False,
) -> AccessLogEntry:
    """Append one row to the school's chain. Actions are namespaced codes, e.g. "student.view"."""
    return access_log_write_many(
        user=user,
        action=action,
        school_id=school_id,
        rows=[(student_id, obj)],
        role=role,
        detail=detail,
        reason=reason,
        emergency=emergency,
    )[0]


def chain_verify(chain: str) -> list[str]:
    """Return a list of problems in one chain; empty when intact."""
    problems = []
    prev = GENESIS
    expected_seq = 1
    rows = AccessLogEntry.objects.filter(chain=chain, seq__isnull=False).order_by("seq")
    for entry in rows.iterator(chunk_size=5000):  # streamed: constant memory whatever the chain's length
        if entry.seq != expected_seq:
            problems.append(f"{chain}: row {expected_seq} missing or out of order (found {entry.seq})")
        if entry.prev_hash != prev:
            problems.append(f"{chain}: row {entry.seq} does not follow the previous row")
        if entry.compute_hash() != entry.hash:
            problems.append(f"{chain}: row {entry.seq} was altered")
        prev = entry.hash
        expected_seq = entry.seq + 1
    head = ChainHead.objects.filter(chain=chain).first()
    if head and (head.seq != expected_seq - 1 or head.hash != prev):
        problems.append(f"{chain}: the chain ends before its recorded tip (rows deleted at the end)")
    return problems


def chains_verify() -> tuple[int, int, list[str]]:
    """Verify every chain (each school's and the global one): (chains, rows, problems).
    Used by `manage.py audit_verify` and the nightly verification the scheduler queues."""
    seal_pending()  # rows a stopped process left unsealed get their place first
    # order_by(): under the model's default ordering distinct() would list every row, not every chain.
    chains = set(ChainHead.objects.values_list("chain", flat=True)) | set(
        AccessLogEntry.objects.order_by().values_list("chain", flat=True).distinct()
    )
    problems = []
    for chain in sorted(chains):
        problems += chain_verify(chain)
    return len(chains), AccessLogEntry.objects.count(), problems


def chain_link(entries, *, seq: int, prev_hash: str) -> tuple[int, str]:
    """Link unsaved entries of one chain, in order, after the row (seq, prev_hash): each gets its
    seq, the previous row's hash and its own hash. Returns the new tip (seq, hash).

    The one place a chain is extended; also used by the benchmark's bulk generator."""
    for entry in entries:
        seq += 1
        entry.seq = seq
        entry.prev_hash = prev_hash
        entry.hash = entry.compute_hash()
        prev_hash = entry.hash
    return seq, prev_hash


def access_log_write_many(
    *, user, action: str, school_id, rows, role: str = "", detail: str = "", reason: str = "", emergency: bool = False
) -> list[AccessLogEntry]:
    """Write rows of one school's log in one INSERT, in the caller's transaction (fail closed: no
    row, no page). The rows are sealed into the school's hash chain right after that transaction
    commits (`chain_seal`), so no request holds the chain head while it renders or waits: a school's
    requests never queue behind each other's locks. `rows` is a list of (student_id, obj) pairs."""
    rows = list(rows)
    if not rows:
        return []
    chain = chain_name(school_id)
    now = timezone.now()
    entries = [
        AccessLogEntry(
            chain=chain,
            at=now,
            user_id=getattr(user, "pk", None),
            username=getattr(user, "username", "") or "",
            role=role[:200],
            school_id=school_id,
            student_id=student_id,
            action=action,
            object_type=obj._meta.model_name if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            detail=detail[:300],
            reason=reason,
            emergency=emergency,
        )
        for student_id, obj in rows
    ]
    with transaction.atomic():  # the caller's transaction, or its own for a read (laget.transactions)
        AccessLogEntry.objects.bulk_create(entries)
    # robust: the rows are committed either way; one that is not sealed now is sealed by the next
    # write's seal, the periodic scan (seal_pending) or audit_verify.
    transaction.on_commit(partial(chain_seal, chain), robust=True)
    return entries


SEAL_BATCH = 5000


def chain_seal(chain: str) -> int:
    """Seal the committed, unsealed rows of one chain in the order they were written: each gets its
    place (seq), the previous row's hash and its own hash, and the chain head moves to the new tip.
    The head is locked only for this (milliseconds), never across a request. Returns rows sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            head, _ = ChainHead.objects.get_or_create(chain=chain)
            head = ChainHead.objects.select_for_update().get(pk=head.pk)
            pending = list(AccessLogEntry.objects.filter(chain=chain, seq__isnull=True).order_by("pk")[:SEAL_BATCH])
            if not pending:
                return sealed
            seq, prev = chain_link(pending, seq=head.seq, prev_hash=head.hash)
            # The one update the log allows: an unsealed row gets its place and hashes, once.
            unsealed = models.QuerySet(model=AccessLogEntry).filter(seq__isnull=True)
            unsealed.bulk_update(pending, ["seq", "prev_hash", "hash"], batch_size=1000)
            ChainHead.objects.filter(pk=head.pk).update(seq=seq, hash=prev)
        sealed += len(pending)


def seal_pending() -> int:
    """The sealing job: seal every chain with unsealed rows (left by a process that ended between
    its commit and its seal). Run by the periodic scan and before audit_verify."""
    chains = AccessLogEntry.objects.filter(seq__isnull=True).order_by().values_list("chain", flat=True).distinct()
    return sum(chain_seal(chain) for chain in list(chains))


def emergency_access_grant(*, access, student, reason: str):
    """Nødtilgang (rule 1's exception): a staff member opens a student of their own school outside
    their relations, only with a written reason, for EMERGENCY_ACCESS_HOURS, logged as emergency."""
    import datetime

    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import EmergencyAccess

    reason = (reason or "").strip()
    minimum = settings.EMERGENCY_REASON_MIN_LENGTH
    if len(reason) < minimum:
        raise ValidationError(
            {
                "reason": _("Skriv en begrunnelse på minst %(min)s tegn for hvorfor du trenger tilgang.")
                % {"min": minimum}
            }
        )
    if student.school_id not in access.staff_school_ids:
        raise ValidationError(_("Du kan bare be om nødtilgang til elever ved din egen skole."))
    now = timezone.now()
    with transaction.atomic():
        grant = EmergencyAccess(
            user=access.user,
            school_id=student.school_id,
            student_id=student.pk,
            reason=reason,
            granted_at=now,
            expires_at=now + datetime.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
        )
        grant.full_clean()
        grant.save()
        access_log_write(
            user=access.user,
            role=access.role_label(student.school_id),
            action="emergency.grant",
            school_id=student.school_id,
            student_id=student.pk,
            obj=grant,
            reason=reason,
            emergency=True,
        )
    return grant


def emergency_access_review(*, access, grant):
    """The principal (or DPO) marks an emergency access as reviewed; the review is logged too."""
    if grant.reviewed_at is not None:
        return grant
    with transaction.atomic():
        grant.reviewed_at = timezone.now()
        grant.reviewed_by = access.user
        grant.save(update_fields=["reviewed_at", "reviewed_by"])
        access_log_write(
            user=access.user,
            role=access.role_label(grant.school_id),
            action="emergency.review",
            school_id=grant.school_id,
            student_id=grant.student_id,
            obj=grant,
        )
    return grant
