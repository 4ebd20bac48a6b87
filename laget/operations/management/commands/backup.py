from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from laget.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the uploaded files into one folder (docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None, help="Where to write (default: LAGET_BACKUP_DIR).")

    def handle(self, *args, output=None, **options):
        try:
            target = backup_create(output=output or settings.BACKUP_DIR)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {target}")
