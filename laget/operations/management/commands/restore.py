from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from laget.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup folder into the configured, empty database and file folders, then verify it."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="A backup folder written by `manage.py backup`.")

    def handle(self, *args, source, **options):
        try:
            result = backup_restore(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored and verified: {result['tables']} tables, {result['rows']} rows, row counts equal to the backup; "
            f"access log intact ({result['chains']} chains, {result['access_log_rows']} rows)."
        )
