"""Two real `db_worker` processes against the PostgreSQL test database; one is SIGKILLed while it
is sending a batch (asserted: the kill strands unsent reminders, so recovery is really exercised)
and restarted. Every reminder must be sent exactly once (one outbox message per reminder) and
every message delivered; the only duplicate allowed is the one a killed relay had handed to
"SMTP" but not yet marked sent (the SMTP boundary, see laget/deadlines/engine.py).

Runs only when DATABASE_URL is PostgreSQL (CI); SQLite has no concurrent writers to test.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from deadlines_helpers import make_task
from django.db import connection
from django.utils import timezone

from laget.deadlines.models import OutboxMessage, Reminder, ScanSchedule

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL (DATABASE_URL)"
)

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def worker_env(mail_log: Path) -> dict:
    s = connection.settings_dict  # pytest-django's test database (test_<name>[_gwN])
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    url = f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="laget.settings",
        SECRET_KEY="two-worker-test",
        DEBUG="0",
        LAGET_DEMO="0",
        LAGET_TESTING="0",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="recording_backend.RecordingBackend",
        LAGET_TEST_MAIL_LOG=str(mail_log),
        LAGET_TEST_MAIL_DELAY="0.02",
        DEADLINES_SCAN_INTERVAL_SECONDS="1",
        DEADLINES_LEASE_SECONDS="3",
        DEADLINES_SEND_BATCH="5",
        PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]),
    )
    return env


def manage(*args, env, **kwargs):
    return [sys.executable, str(ROOT / "manage.py"), *args, "--skip-checks"]


def start_worker(env, name, log_dir: Path):
    cmd = manage("db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay", "--worker-id", name, env=env)
    out = (log_dir / f"{name}.log").open("w")
    return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def wait_for(predicate, timeout, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def delivered_lines(mail_log: Path) -> list[str]:
    return mail_log.read_text().split() if mail_log.exists() else []


@pytest.mark.django_db(transaction=True)
def test_two_workers_one_killed_send_each_reminder_exactly_once(world, tmp_path):
    started = time.monotonic()
    today = timezone.localdate()
    owners = [world.member, world.nurse, world.teacher, world.other_teacher]
    expected = 0
    for i in range(100):  # due today: reminder to the owner
        make_task(world, deadline=today, owner=owners[i % 4], title=f"Oppgave {i}")
        expected += 1
    for i in range(50):  # in two days: reminder before
        make_task(world, deadline=today + datetime.timedelta(days=2), owner=owners[i % 4], title=f"Snart {i}")
        expected += 1
    for i in range(50):  # five days overdue: escalation to the lead
        make_task(world, deadline=today - datetime.timedelta(days=5), owner=owners[i % 4], title=f"Forfalt {i}")
        expected += 1

    mail_log = tmp_path / "delivered.txt"
    env = worker_env(mail_log)
    subprocess.run(manage("deadlines_scan", "--schedule", env=env), env=env, cwd=ROOT, check=True, timeout=30)

    from django_tasks_db.models import DBTaskResult

    def unsent_in_a_running_send():
        """The reminders of a batch worker a is sending right now that are not sent yet."""
        running = DBTaskResult.objects.filter(
            status="RUNNING", worker_ids__contains=["worker-a"], task_path__endswith="deadlines_send"
        ).values_list("args_kwargs", flat=True)
        ids = {pk for args in running for pk in args["kwargs"]["reminder_ids"]}
        return set(Reminder.objects.filter(pk__in=ids, sent_at__isnull=True).values_list("pk", flat=True))

    workers = {"a": start_worker(env, "worker-a", tmp_path), "b": start_worker(env, "worker-b", tmp_path)}
    try:
        # Kill while worker a is in the middle of sending a batch, so the kill interrupts work that
        # the others must pick up, not an idle poll.
        assert wait_for(unsent_in_a_running_send, timeout=40, step=0.01), "worker a was never caught mid-batch"
        os.kill(workers["a"].pid, signal.SIGKILL)
        workers["a"].wait(timeout=5)
        assert workers["a"].returncode == -signal.SIGKILL
        stranded = unsent_in_a_running_send()  # the killed batch's task stays RUNNING forever
        delivered_at_kill = len(delivered_lines(mail_log))
        sent_at_kill = Reminder.objects.filter(sent_at__isnull=False).count()
        workers["a2"] = start_worker(env, "worker-a2", tmp_path)

        def all_done():
            return (
                Reminder.objects.filter(sent_at__isnull=False).count() == expected
                and not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
            )

        finished = wait_for(all_done, timeout=35, step=0.25)
    finally:
        for proc in workers.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in workers.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    logs = "\n".join((tmp_path / f"{n}.log").read_text()[-2000:] for n in ("worker-a", "worker-b", "worker-a2"))
    assert finished, f"not all reminders delivered in time\n{logs}"

    reminders = Reminder.objects.count()
    per_reminder = Counter(OutboxMessage.objects.values_list("reminder_id", flat=True))
    lines = delivered_lines(mail_log)
    deliveries = Counter(lines)
    duplicates = sum(n - 1 for n in deliveries.values())
    outbox_ids = set(OutboxMessage.objects.values_list("message_id", flat=True))
    killed_in = list(
        DBTaskResult.objects.filter(status="RUNNING", worker_ids__contains=["worker-a"]).values_list(
            "task_path", flat=True
        )
    )
    queued_scans = DBTaskResult.objects.filter(task_path__endswith="deadlines_scan", status="READY").count()
    print(
        f"\nreminders={reminders} expected={expected} outbox={sum(per_reminder.values())} "
        f"deliveries={len(lines)} distinct={len(deliveries)} duplicates={duplicates} "
        f"killed_after_deliveries={delivered_at_kill} sent_at_kill={sent_at_kill} "
        f"killed_in={[p.rsplit('.', 1)[-1] for p in killed_in]} queued_scans={queued_scans} "
        f"runtime={time.monotonic() - started:.1f}s"
    )
    # The kill interrupted work: worker a's batch never finished (its task is still RUNNING) and left
    # reminders unsent; the other workers sent each of them, once.
    assert stranded, "the kill interrupted no unsent batch"
    assert "deadlines_send" in [p.rsplit(".", 1)[-1] for p in killed_in]
    assert all(per_reminder[pk] == 1 for pk in stranded)
    assert reminders == expected
    assert len(per_reminder) == expected
    assert set(per_reminder.values()) == {1}  # exactly once up to the outbox
    assert set(deliveries) == outbox_ids  # every message reached the "SMTP server"
    assert duplicates <= 1  # at most the one message in flight when the relay was killed
    assert queued_scans <= 1  # one schedule, not two
    assert ScanSchedule.objects.count() == 1
