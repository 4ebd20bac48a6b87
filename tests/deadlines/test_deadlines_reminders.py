"""Reminders before, at and after a deadline, each exactly once (rule 5), with a frozen clock."""

import datetime

import pytest
import time_machine
from deadlines_helpers import make_measure, make_task, morning
from django.core import mail
from django.core.management import call_command

from laget.cases.models import Measure
from laget.deadlines import engine
from laget.deadlines.models import OutboxMessage, Reminder, Stage
from laget.deadlines.tasks import deadlines_scan

DEADLINE = datetime.date(2026, 10, 14)  # a Wednesday


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the scan task as the worker would (immediate backend), on-commit work included."""

    def run(when):
        with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):
            deadlines_scan.enqueue()
        return list(mail.outbox)

    return run


def subjects():
    return [m.subject for m in mail.outbox]


def test_no_reminder_more_than_three_days_before(world, scan):
    make_task(world, deadline=DEADLINE)
    assert scan(morning(2026, 10, 10)) == []


def test_reminder_three_days_before_is_sent_once_to_the_owner(world, scan):
    make_task(world, deadline=DEADLINE)
    sent = scan(morning(2026, 10, 11))
    assert len(sent) == 1
    assert sent[0].to == [world.member.email]
    assert sent[0].subject.startswith("Påminnelse: Bestille kurs for personalet")
    for day in (11, 12, 13):
        scan(morning(2026, 10, day, 14))
    assert len(mail.outbox) == 1


def test_reminder_at_the_deadline_is_sent_once(world, scan):
    make_task(world, deadline=DEADLINE)
    scan(morning(2026, 10, 14))
    scan(morning(2026, 10, 14, 15))
    scan(morning(2026, 10, 15))
    assert subjects() == ["Frist i dag: Bestille kurs for personalet"]
    assert mail.outbox[0].to == [world.member.email]


def test_escalation_after_the_deadline_goes_to_the_team_lead_once(world, scan):
    make_task(world, deadline=DEADLINE)
    scan(morning(2026, 10, 16))
    scan(morning(2026, 10, 17))
    scan(morning(2026, 11, 30))
    assert subjects() == ["Forfalt frist: Bestille kurs for personalet"]
    assert mail.outbox[0].to == [world.lead.email]
    assert "Per Pedersen" in mail.outbox[0].body  # the lead learns who is responsible


def test_a_deadline_scanned_every_day_gives_exactly_three_reminders(world, scan):
    make_task(world, deadline=DEADLINE)
    for day in range(1, 31):
        scan(morning(2026, 10, day))
        scan(morning(2026, 10, day, 16))
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Påminnelse", "Frist i dag", "Forfalt frist"]
    assert Reminder.objects.filter(key__startswith="task:").count() == 3
    assert OutboxMessage.objects.filter(sent_at__isnull=False).count() == 3


def test_missed_window_is_skipped_not_sent_late(world, scan):
    """A worker that was down during the 'before' window sends the current stage only."""
    make_task(world, deadline=DEADLINE)
    scan(morning(2026, 10, 15))
    assert subjects() == ["Frist i dag: Bestille kurs for personalet"]


def test_done_task_gets_no_reminder(world, scan):
    task = make_task(world, deadline=DEADLINE)
    scan(morning(2026, 10, 12))
    assert len(mail.outbox) == 1
    task.done_at = morning(2026, 10, 13)
    task.save()
    for day in (14, 16, 20):
        scan(morning(2026, 10, day))
    assert len(mail.outbox) == 1


def test_evaluated_or_stopped_measure_gets_no_reminder(world, case_factory, scan):
    case = case_factory(consent=True)
    make_measure(case, owner=world.member, evaluation_date=DEADLINE, status=Measure.Status.EVALUATED)
    make_measure(case, owner=world.member, evaluation_date=DEADLINE, status=Measure.Status.STOPPED)
    for day in (12, 14, 17):
        scan(morning(2026, 10, day))
    assert mail.outbox == []


def test_measure_with_new_evaluation_date_is_a_new_deadline(world, case_factory, scan):
    case = case_factory(consent=True)
    measure = make_measure(case, owner=world.member, evaluation_date=DEADLINE)
    scan(morning(2026, 10, 14))
    measure.evaluation_date = datetime.date(2026, 12, 1)
    measure.save()
    scan(morning(2026, 12, 1))
    assert subjects() == [f"Frist i dag: Evaluering av tiltak i sak {case.number}"] * 2
    assert set(Reminder.objects.values_list("key", flat=True)) == {
        f"measure:{measure.pk}:2026-10-14",
        f"measure:{measure.pk}:2026-12-01",
    }


def test_reminder_e_mails_name_no_student(world, case_factory, scan):
    case = case_factory(consent=True)
    make_measure(case, owner=world.member, evaluation_date=DEADLINE, description="Ola Nordmann får lesekurs")
    make_task(world, deadline=DEADLINE, case=case, title="Ringe Mona Nordmann om Ola")
    scan(morning(2026, 10, 11))
    scan(morning(2026, 10, 14))
    scan(morning(2026, 10, 16))
    assert len(mail.outbox) == 6
    for message in mail.outbox:
        html = message.alternatives[0][0]
        for text in (message.subject, message.body, html):
            assert "Ola" not in text
            assert "Nordmann" not in text


def test_escalation_without_a_team_lead_goes_to_the_owner(world, scan):
    world.lead.memberships.update(active=False)
    make_task(world, deadline=DEADLINE)
    scan(morning(2026, 10, 20))
    assert [m.to for m in mail.outbox] == [[world.member.email]]


def test_crash_before_commit_leaves_the_reminder_pending_and_the_outbox_empty(world, monkeypatch):
    make_task(world, deadline=DEADLINE)
    with time_machine.travel(morning(2026, 10, 14), tick=False):
        pending = engine.ensure_reminder_rows(engine.due_reminders(datetime.date(2026, 10, 14)))

        def crash(self, *args, **kwargs):
            raise RuntimeError("worker died")

        monkeypatch.setattr(Reminder, "save", crash)
        with pytest.raises(RuntimeError):
            engine.send_reminder(pending[0])
        monkeypatch.undo()
        assert OutboxMessage.objects.count() == 0
        assert Reminder.objects.get(pk=pending[0]).sent_at is None
        assert engine.send_reminder(pending[0]) is True
        assert engine.send_reminder(pending[0]) is False
        assert OutboxMessage.objects.count() == 1


def test_cron_command_sends_due_reminders_once(world):
    make_task(world, deadline=DEADLINE)
    with time_machine.travel(morning(2026, 10, 14), tick=False):
        call_command("deadlines_scan")
        call_command("deadlines_scan")
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().stage == Stage.DUE
