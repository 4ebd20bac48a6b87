from django.core.management.base import BaseCommand, CommandError

from laget.audit.models import AccessLogEntry, ChainHead
from laget.audit.services import chain_verify


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the access log; exits non-zero if any row was altered, deleted, inserted or moved."
    )

    def handle(self, *args, **options):
        chains = set(ChainHead.objects.values_list("chain", flat=True)) | set(
            AccessLogEntry.objects.values_list("chain", flat=True).distinct()
        )
        problems = []
        for chain in sorted(chains):
            problems += chain_verify(chain)
        if problems:
            for p in problems:
                self.stderr.write(p)
            raise CommandError(f"Access log verification FAILED: {len(problems)} problem(s)")
        rows = AccessLogEntry.objects.count()
        self.stdout.write(f"Access log intact: {len(chains)} chain(s), {rows} row(s).")
