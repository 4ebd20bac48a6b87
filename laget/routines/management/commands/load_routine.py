from django.core.management.base import BaseCommand, CommandError

from laget.organisations.models import School
from laget.routines.presets import preset_codes
from laget.routines.services import routine_load_preset


class Command(BaseCommand):
    help = "Load a routine preset for a school (creates or updates its routine and assigns it)."

    def add_arguments(self, parser):
        parser.add_argument("preset", choices=preset_codes())
        parser.add_argument("--school", required=True, help="the school's name or id")

    def handle(self, *args, preset, school, **options):
        schools = School.objects.filter(pk=int(school)) if school.isdigit() else School.objects.filter(name=school)
        if schools.count() != 1:
            raise CommandError(f"Fant ikke én skole som heter {school!r}.")
        target = schools.get()
        version = routine_load_preset(school=target, preset=preset)
        self.stdout.write(f"{target}: {version.routine.name}, versjon {version.number}")
