"""Item 10: closed cases past the owner's retention period are archived, then purged."""

import datetime
import json
import os
import zipfile

import pytest
import time_machine
from django.core.management import call_command
from privacy_helpers import RESTRICTED_SUMMARY, SECRET_NOTE

from laget.audit.models import AccessLogEntry
from laget.cases.models import Attachment, Case, Consent, HealthNote, Referral, TimelineEntry
from laget.privacy.archive import MANIFEST, verify_package
from laget.privacy.retention import case_archive_and_purge, retention_run

TODAY = datetime.date(2037, 6, 15)


def close(case, closed_on, **fields):
    opened = datetime.datetime.combine(closed_on - datetime.timedelta(days=60), datetime.time(12), tzinfo=datetime.UTC)
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, outcome=Case.Outcome.RESOLVED, closed_on=closed_on, created_at=opened, **fields
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2037, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_case_one_day_inside_the_period_is_untouched(world, case_factory, archive_root, frozen):
    case = close(case_factory(consent=True), datetime.date(2027, 6, 16))
    assert retention_run() == []
    case.refresh_from_db()
    assert case.student_id == world.student.pk
    assert case.purged_at is None
    assert not archive_root.exists()


def test_case_one_day_past_the_period_is_archived_and_purged(
    world, restricted_case, archive_root, frozen, django_capture_on_commit_callbacks
):
    case = close(restricted_case, datetime.date(2027, 6, 14), outcome_note="Ola fikk hjelp")
    files = [a.file.path for a in Attachment.objects.filter(referral__case=case)]
    files += [c.scanned_form.path for c in Consent.objects.filter(case=case) if c.scanned_form]
    log_rows = AccessLogEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        assert [c.pk for c in retention_run()] == [case.pk]

    case.refresh_from_db()
    path = archive_root / str(case.school_id) / case.archive_name
    assert path.exists()
    assert verify_package(path) == []
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        names = set(zf.namelist())
        blob = b"".join(zf.read(n) for n in names)
    assert {"melding.pdf", "tiltaksplan-1.pdf"} <= names
    assert manifest["case"]["student"]["name"] == "Ola Nordmann"
    assert manifest["referral"]["social_description"] == "Ola trives i friminuttene."
    assert manifest["plans"][0]["measures"][0]["description"] == "Lesekurs"
    assert len(manifest["consents"]) == 2
    assert manifest["timeline"]
    # The restricted section is not archived (see laget.privacy.archive).
    assert SECRET_NOTE.encode() not in blob
    assert RESTRICTED_SUMMARY.encode() not in blob
    # Purged: no student link, no free text, no files; anonymous figures kept.
    assert case.student_id is None
    assert case.grade == 5
    assert case.outcome == Case.Outcome.RESOLVED
    assert case.title == ""
    assert case.outcome_note == ""
    assert case.purged_at is not None
    referral = Referral.objects.get(case=case)
    assert referral.student_id is None
    assert referral.social_description == ""
    assert not Consent.objects.filter(case=case).exists()
    assert not HealthNote.objects.filter(case=case).exists()
    assert not Attachment.objects.filter(referral__case=case).exists()
    assert files
    assert not any(os.path.exists(f) for f in files)
    assert set(TimelineEntry.objects.filter(case=case).values_list("summary", flat=True)) == {""}
    assert case.action_plans.get().main_challenge == ""
    # The access log is kept (ids, not content) and still verifies.
    assert AccessLogEntry.objects.count() == log_rows + 1
    call_command("audit_verify")


def test_school_environment_case_and_retained_decision_are_kept(world, case_factory, archive_root, frozen):
    kap12 = close(case_factory(consent=True), datetime.date(2020, 1, 1), area=Case.Area.SCHOOL_ENVIRONMENT)
    iep = close(case_factory(consent=True), datetime.date(2020, 1, 1), retain_reason="Enkeltvedtak og IOP")
    assert retention_run() == []
    for case in (kap12, iep):
        case.refresh_from_db()
        assert case.student_id == world.student.pk
        assert case.purged_at is None
        with pytest.raises(ValueError, match="must be kept"):
            case_archive_and_purge(case=case)


def test_retention_period_comes_from_the_owner(world, case_factory, archive_root, frozen):
    case = close(case_factory(), datetime.date(2032, 6, 1))
    world.owner.retention_years = 5
    world.owner.save()
    assert [c.pk for c in retention_run(dry_run=True)] == [case.pk]
    case.refresh_from_db()
    assert case.purged_at is None  # dry run changes nothing


def test_retention_run_command_dry_run_lists_and_keeps(world, case_factory, archive_root, frozen, capsys):
    case = close(case_factory(), datetime.date(2020, 1, 1))
    call_command("retention_run", "--dry-run")
    assert "1 case(s) would be archived" in capsys.readouterr().out
    case.refresh_from_db()
    assert case.student_id is not None
    call_command("retention_run")
    case.refresh_from_db()
    assert case.student_id is None
    assert (archive_root / str(case.school_id) / case.archive_name).exists()


def test_a_case_closed_before_it_opened_is_not_purged(world, case_factory, archive_root, frozen):
    case = case_factory(consent=True)
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED,
        outcome=Case.Outcome.RESOLVED,
        closed_on=datetime.date(1900, 1, 1),
        created_at=datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC),
    )
    assert retention_run() == []
    case.refresh_from_db()
    assert case.student_id == world.student.pk
    closed_in_time = close(case_factory(consent=True), datetime.date(2026, 10, 1))
    assert [c.pk for c in retention_run(dry_run=True)] == [closed_in_time.pk]  # the rule still purges the rest
