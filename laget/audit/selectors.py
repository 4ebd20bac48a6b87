"""Reads of the access log for its review (principal / data protection officer) and for a
guardian's request for access (GDPR Art. 15). Scoped to the schools the reviewer answers for."""

import datetime
import re

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from .models import AccessLogEntry, EmergencyAccess

OFFICE_HOURS = (6, 20)  # reads outside 06–20 local time are highlighted


def reviewer_school_ids(access) -> set[int]:
    """Team leads review their school's log; a data protection officer (permission
    audit.review_access_log) reviews the schools they are staff at."""
    ids = set(access.lead_school_ids)
    if access.user.is_authenticated and access.user.has_perm("audit.review_access_log"):
        ids |= access.staff_school_ids
    return ids


def log_for_review(school_ids, *, user_id=None, student_id=None, date_from=None, date_to=None, emergency=False):
    """Log rows of the reviewer's schools, newest first, filtered."""
    qs = AccessLogEntry.objects.filter(school_id__in=school_ids)
    if user_id:
        qs = qs.filter(user_id=user_id)
    if student_id:
        qs = qs.filter(student_id=student_id)
    if date_from:
        qs = qs.filter(at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    if emergency:
        qs = qs.filter(emergency=True)
    return qs.order_by("-at", "-pk")


def log_page(qs, cursor: str = "", size: int = 50) -> tuple[list, str]:
    """One page of a newest-first log query, after `cursor` (keyset pagination on (at, id): an index
    range scan whatever the log's length, and no COUNT of every row). Returns the rows and the
    cursor of the next (older) page, "" when this is the last."""
    position = _cursor_position(cursor)
    if position is not None:
        at, pk = position
        qs = qs.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    rows = list(qs[: size + 1])
    if len(rows) <= size:
        return rows, ""
    rows = rows[:size]
    last = rows[-1]
    return rows, f"{int(last.at.timestamp() * 1_000_000)}.{last.pk}"


def _cursor_position(cursor: str):
    match = re.fullmatch(r"(\d{1,20})\.(\d{1,20})", cursor or "")
    if not match:
        return None
    try:
        at = datetime.datetime.fromtimestamp(int(match.group(1)) / 1_000_000, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return at, int(match.group(2))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def flag_unusual(rows: list, school_ids) -> None:
    """Mark rows of one page with `flags` (Norwegian reasons), in two queries whatever the page size:
    many distinct students by one user in a day, reads outside office hours, unreviewed emergency access."""
    limit = settings.AUDIT_UNUSUAL_STUDENTS_PER_DAY
    for row in rows:
        row.local_at = timezone.localtime(row.at)
        row.flags = []
    user_ids = {r.user_id for r in rows if r.user_id}
    days = {r.local_at.date() for r in rows}
    busy = set()
    if user_ids:
        busy = {
            (b["user_id"], b["day"])
            for b in AccessLogEntry.objects.filter(
                school_id__in=school_ids,
                user_id__in=user_ids,
                student_id__isnull=False,
                at__gte=_day_start(min(days)),
                at__lt=_day_start(max(days) + datetime.timedelta(days=1)),
            )
            .annotate(day=TruncDate("at"))
            .values("user_id", "day")
            .annotate(n=Count("student_id", distinct=True))
            .filter(n__gt=limit)
        }
    unreviewed = set()
    if any(r.emergency for r in rows):
        unreviewed = set(
            EmergencyAccess.objects.filter(school_id__in=school_ids, reviewed_at__isnull=True).values_list(
                "user_id", "student_id"
            )
        )
    from django.utils.translation import gettext as _

    for row in rows:
        if (row.user_id, row.local_at.date()) in busy:
            row.flags.append(_("Mer enn %(n)s elever samme dag") % {"n": limit})
        if not OFFICE_HOURS[0] <= row.local_at.hour < OFFICE_HOURS[1]:
            row.flags.append(_("Utenom arbeidstid (06–20)"))
        if row.emergency and (row.user_id, row.student_id) in unreviewed:
            row.flags.append(_("Nødtilgang ikke gjennomgått"))


def emergency_accesses_to_review(school_ids):
    return EmergencyAccess.objects.filter(school_id__in=school_ids, reviewed_at__isnull=True).select_related("user")


def emergency_access_get(school_ids, pk) -> EmergencyAccess:
    grant = EmergencyAccess.objects.filter(pk=pk, school_id__in=school_ids).first()
    if grant is None:
        raise Http404
    return grant


def log_for_student(student) -> list[AccessLogEntry]:
    """Everything logged about one student, oldest first (for the guardian's access report)."""
    return list(AccessLogEntry.objects.filter(school_id=student.school_id, student_id=student.pk).order_by("at", "pk"))
