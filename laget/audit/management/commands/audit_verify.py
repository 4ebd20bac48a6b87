from django.core.management.base import BaseCommand, CommandError

from laget.audit.services import chains_verify


class Command(BaseCommand):
    help = (
        "Verify the hash chains of the access log; exits non-zero if any row was altered, deleted, inserted or moved."
    )

    def handle(self, *args, **options):
        chains, rows, problems = chains_verify()
        if problems:
            for p in problems:
                self.stderr.write(p)
            raise CommandError(f"Access log verification FAILED: {len(problems)} problem(s)")
        self.stdout.write(f"Access log intact: {chains} chain(s), {rows} row(s).")
