"""The worker's own periodic scan: one schedule, taken over when its owner died."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from laget.deadlines.models import ScanSchedule
from laget.deadlines.schedule import claim_schedule, schedule_supported

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def queued_scans():
    return DBTaskResult.objects.filter(task_path__endswith="deadlines_scan", status="READY")


def test_no_schedule_with_the_immediate_backend(db):
    assert schedule_supported() is False
    assert claim_schedule() is None


@override_settings(TASKS=DB_TASKS, DEADLINES_SCAN_INTERVAL_SECONDS=900)
def test_starting_two_workers_queues_one_scan(db):
    first = claim_schedule()
    assert first is not None
    assert claim_schedule() is None  # the second worker finds a live scan queued
    assert queued_scans().count() == 1
    assert ScanSchedule.objects.get().task_id == first


@override_settings(TASKS=DB_TASKS, DEADLINES_SCAN_INTERVAL_SECONDS=900)
def test_the_running_scan_queues_its_successor_and_a_stale_copy_does_not(db):
    owner = claim_schedule()
    DBTaskResult.objects.filter(pk=owner).update(status="RUNNING", started_at=timezone.now())
    successor = claim_schedule(current_task_id=owner)
    assert successor not in (None, owner)
    run_after = DBTaskResult.objects.get(pk=successor).run_after
    assert run_after > timezone.now() + datetime.timedelta(seconds=800)
    assert claim_schedule(current_task_id=owner) is None  # a duplicate of the old run does not fork the chain


@pytest.mark.parametrize("status", ["RUNNING", "FAILED", "SUCCESSFUL"])
@override_settings(TASKS=DB_TASKS, DEADLINES_LEASE_SECONDS=600)
def test_a_dead_owner_is_replaced(db, status):
    owner = claim_schedule()
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=owner).update(status=status, started_at=long_ago)
    replacement = claim_schedule()
    assert replacement not in (None, owner)
    assert queued_scans().count() == 1
