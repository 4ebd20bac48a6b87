import datetime

from django.core.management.base import BaseCommand

from laget.privacy.retention import retention_run


class Command(BaseCommand):
    help = "Archive and purge closed cases older than their owner's retention period (kap. 12 cases are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the cases that are due; change nothing.")
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Run as of this date (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, today=None, **options):
        cases = retention_run(today=today, dry_run=dry_run)
        verb = "would be archived and purged" if dry_run else "archived and purged"
        for case in cases:
            self.stdout.write(f"{case.school} sak {case.number} (avsluttet {case.closed_on:%d.%m.%Y}): {verb}")
        self.stdout.write(f"{len(cases)} case(s) {verb}.")
