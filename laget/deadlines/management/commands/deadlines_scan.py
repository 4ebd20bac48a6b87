"""Cron-style operation of the deadline engine, and arming the worker's own schedule."""

from django.core.management.base import BaseCommand

from laget.deadlines import engine
from laget.deadlines.schedule import claim_schedule, schedule_supported


class Command(BaseCommand):
    help = "Send due deadline reminders now (cron), or with --schedule make sure the worker's periodic scan is queued."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Only queue the periodic scan for the db_worker (no-op if a live one is queued).",
        )

    def handle(self, *, schedule, **options):
        if schedule:
            if not schedule_supported():
                self.stdout.write("The task backend cannot defer tasks; run this command from cron instead.")
                return
            task_id = claim_schedule()
            self.stdout.write(f"Queued deadline scan {task_id}." if task_id else "A deadline scan is already queued.")
            return
        result = engine.scan(enqueue=False)
        self.stdout.write(
            f"Deadlines due a reminder: {result['due']}, pending: {result['pending']}, sent now: {result['sent']}."
        )
