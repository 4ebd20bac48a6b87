"""The scheduler of the nightly jobs: each job once per cron slot, however many schedulers run."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from laget.audit.services import access_log_write, seal_pending
from laget.deadlines.models import ScanSchedule
from laget.operations import tasks
from laget.operations.models import ScheduledRun
from laget.operations.scheduler import latest_slot, queue_due, tick

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
OSLO = ZoneInfo("Europe/Oslo")
NIGHTLY = {"retention", "audit_verify", "prune_finished_tasks"}


def at(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


def test_latest_slot_is_in_oslo_time_and_includes_the_exact_minute():
    assert latest_slot("30 2 * * *", at(2026, 11, 29, 2, 30)) == at(2026, 11, 29, 2, 30)
    assert latest_slot("30 2 * * *", at(2026, 11, 29, 2, 29, 59)) == at(2026, 11, 28, 2, 30)
    # Summer time: 02:30 local is 00:30 UTC, not 01:30.
    assert latest_slot("30 2 * * *", at(2026, 6, 1, 12, 0)).astimezone(datetime.UTC).hour == 0


@override_settings(TASKS=DB_TASKS)
def test_each_job_is_queued_once_per_slot_by_any_number_of_schedulers(db):
    now = at(2026, 11, 29, 3, 45)
    assert set(queue_due(now)) == NIGHTLY
    assert queue_due(now) == []  # a second scheduler, or the same one a tick later
    assert queue_due(now + datetime.timedelta(hours=5)) == []  # still the same night's slot
    runs = ScheduledRun.objects.all()
    assert runs.count() == 3
    queued = DBTaskResult.objects.filter(pk__in=[r.task_id for r in runs])
    assert sorted(queued.values_list("task_path", flat=True)) == sorted(
        f"laget.operations.tasks.{name}"
        for name in ("retention_nightly", "audit_verify_nightly", "prune_finished_tasks")
    )
    # The next night each job is due again.
    assert set(queue_due(now + datetime.timedelta(days=1))) == NIGHTLY
    assert ScheduledRun.objects.count() == 6


@override_settings(TASKS=DB_TASKS)
def test_a_scheduler_that_loses_the_race_queues_nothing(db, monkeypatch):
    now = at(2026, 11, 29, 3, 45)
    queue_due(now)
    tasks_before = DBTaskResult.objects.count()
    # The other scheduler inserted the row between this one's look and its insert.
    monkeypatch.setattr("django.db.models.query.QuerySet.exists", lambda self: False)
    assert queue_due(now) == []
    assert DBTaskResult.objects.count() == tasks_before
    assert ScheduledRun.objects.count() == 3


@override_settings(TASKS=DB_TASKS)
def test_a_tick_rearms_a_lost_deadline_scan(db):
    tick(at(2026, 11, 29, 3, 45))
    owner = ScanSchedule.objects.get(name="deadlines_scan").task_id
    DBTaskResult.objects.filter(pk=owner).update(status="FAILED")  # its worker died with it
    tick(at(2026, 11, 29, 3, 46))
    new_owner = ScanSchedule.objects.get(name="deadlines_scan").task_id
    assert new_owner != owner
    assert DBTaskResult.objects.get(pk=new_owner).status == "READY"


def test_nightly_verification_passes_an_intact_log(world):
    access_log_write(user=world.lead, action="student.view", school_id=world.school.pk, student_id=world.student.pk)
    result = tasks.audit_verify_nightly.call()
    assert result["rows"] >= 1
    assert mail.outbox == []


@override_settings(OPS_ALERT_EMAILS=["drift@kommune.example"])
def test_nightly_verification_alerts_on_a_tampered_log(world):
    for _ in range(3):
        access_log_write(user=world.lead, action="student.view", school_id=world.school.pk, student_id=world.student.pk)
    seal_pending()  # sealed into the chain after commit in production; no commit happens in this test
    with connection.cursor() as cursor:  # behind the application's back, as an insider with DB access would
        cursor.execute("UPDATE audit_accesslogentry SET student_id = 999 WHERE seq = 2")
    with pytest.raises(tasks.AccessLogBroken):
        tasks.audit_verify_nightly.call()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["drift@kommune.example"]
    assert "row 2 was altered" in mail.outbox[0].body


@override_settings(TASKS=DB_TASKS, TASK_RESULTS_KEEP_DAYS=14)
def test_pruning_deletes_old_finished_task_rows_and_keeps_the_rest(db):
    from laget.deadlines.tasks import deadlines_relay

    old, recent, waiting = (deadlines_relay.enqueue() for _ in range(3))
    long_ago = timezone.now() - datetime.timedelta(days=20)
    DBTaskResult.objects.filter(pk=old.id).update(status="SUCCESSFUL", finished_at=long_ago)
    DBTaskResult.objects.filter(pk=recent.id).update(status="SUCCESSFUL", finished_at=timezone.now())
    ScheduledRun.objects.create(job="retention", period=long_ago)
    ScheduledRun.objects.create(job="retention", period=timezone.now())
    result = tasks.prune_finished_tasks.call()
    assert result == {"task_rows": 1, "scheduler_rows": 1}
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {
        DBTaskResult.objects.get(pk=recent.id).pk,
        DBTaskResult.objects.get(pk=waiting.id).pk,
    }
    assert ScheduledRun.objects.count() == 1
