"""Retention (issue "Privacy and security", item 10): a closed case older than its owner's
retention period is archived (laget.privacy.archive) and then its personal data purged.

Kept, never purged: cases about the school environment (opplæringslova kap. 12, the
activity duty's documentation) and cases with a `retain_reason` (e.g. an individual decision
or IEP that must be archived whole). The access log is not touched: it holds ids, not
content, and must keep saying who saw what.

Kept after purge, for anonymous key figures: kind, area, dates, status, outcome, and the
grade (copied to `Case.grade` before the student link is removed).
"""

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from laget.audit.services import access_log_write
from laget.cases.models import Case
from laget.organisations.models import Owner
from laget.routines.selectors import retention_years_by_school

from .archive import build_package
from .case_data import purge_case_fields, purge_case_rows


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def cases_due(*, today: datetime.date | None = None):
    """Closed, not yet purged cases whose closed_on is more than the owner's period ago,
    except those that must be kept (kap. 12, or a recorded retain reason)."""
    today = today or timezone.localdate()
    due = Q(pk__in=[])
    # A school's routine (laget.routines "retention_years") overrides its owner's period.
    by_school = retention_years_by_school()
    for owner in Owner.objects.all():
        cutoff = years_before(today, owner.retention_years)
        due |= Q(school__owner=owner, closed_on__lt=cutoff) & ~Q(school_id__in=by_school)
    for school_id, years in by_school.items():
        due |= Q(school_id=school_id, closed_on__lt=years_before(today, years))
    return (
        Case.objects.filter(due, status=Case.Status.CLOSED, purged_at__isnull=True, closed_on__isnull=False)
        .exclude(area=Case.Area.SCHOOL_ENVIRONMENT)
        .exclude(retain_reason__gt="")
        # A closing date before the case opened is a typing error, not a reason to purge: such a case
        # waits until someone corrects it (laget.dates refuses new ones).
        .exclude(closed_on__lt=TruncDate("created_at"))
        .select_related("school", "student__school_class")
        .order_by("school_id", "number")
    )


def _archive_path(case: Case, today: datetime.date) -> Path:
    return Path(settings.ARCHIVE_ROOT) / str(case.school_id) / f"sak-{case.number}-{today:%Y%m%d}.zip"


def _write_atomically(path: Path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".zip.part")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def case_archive_and_purge(*, case: Case, actor=None, today: datetime.date | None = None) -> Path:
    """Archive one case, then purge its personal data (item 10). Refuses cases that must be kept.

    The package is written (and fsynced) before anything is purged; files in storage are
    deleted only after the database transaction commits, so a failure loses nothing.
    """
    today = today or timezone.localdate()
    if case.area == Case.Area.SCHOOL_ENVIRONMENT or case.retain_reason.strip():
        raise ValueError(f"Case {case.pk} must be kept (kap. 12 or retain reason)")
    if case.status != Case.Status.CLOSED:
        raise ValueError(f"Case {case.pk} is not closed")
    path = _archive_path(case, today)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("school", "student__school_class")
            .get(pk=case.pk)
        )
        if case.purged_at is not None:
            return Path(settings.ARCHIVE_ROOT) / str(case.school_id) / case.archive_name
        _write_atomically(path, build_package(case))
        student_id = case.student_id
        files = _purge(case)
        now = timezone.now()
        case.archived_at = now
        case.purged_at = now
        case.archive_name = path.name
        case.save()
        access_log_write(
            user=actor,
            role="system",
            action="case.archive_purge",
            school_id=case.school_id,
            student_id=student_id,
            obj=case,
            detail=path.name,
        )
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return path


def _purge(case: Case) -> list:
    """Empty every confidential and health field of the case and of every row reachable from it
    (laget.privacy.case_data, driven by the classification); drop rows that are only personal data.
    Returns the stored files to delete after commit."""
    case.grade = case.student.grade if case.student_id else None
    files = purge_case_rows(case)
    files += purge_case_fields(case)
    return files


def retention_run(*, today: datetime.date | None = None, dry_run: bool = False, actor=None) -> list[Case]:
    """Archive and purge every case due. Returns the cases (for a dry run: that would be)."""
    due = list(cases_due(today=today))
    if not dry_run:
        for case in due:
            case_archive_and_purge(case=case, actor=actor, today=today)
    return due
