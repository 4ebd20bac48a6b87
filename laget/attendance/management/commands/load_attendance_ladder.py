from django.core.management.base import BaseCommand, CommandError

from laget.attendance.presets import preset_load


class Command(BaseCommand):
    help = "Load (or refresh) an attendance ladder preset, e.g. `load_attendance_ladder breivang`."

    def add_arguments(self, parser):
        parser.add_argument("code")

    def handle(self, *args, code, **options):
        try:
            ladder = preset_load(code)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{ladder.name}: {ladder.steps.count()} steps")
