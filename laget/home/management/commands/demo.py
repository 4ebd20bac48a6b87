"""`manage.py demo`: a clearly fictional municipality to click through.

Only with settings.DEMO (LAGET_DEMO=1): demo users have the password "demo" and must never
exist in production. Idempotent: everything is built in one transaction, and when the demo
municipality exists already nothing is written (the logins are printed again).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from laget.home import demo_data as D
from laget.home.demo_access import ensure_demo_access
from laget.home.demo_builder import DemoBuilder
from laget.organisations.models import Owner

User = get_user_model()


class Command(BaseCommand):
    help = "Lager demodata: Fjordvik kommune (demo) med to skoler, ressursteam, elever, saker og møter."

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError(
                "Demodata kan bare lages når LAGET_DEMO=1 (settings.DEMO er av). "
                "Demo data can only be created when LAGET_DEMO=1 (settings.DEMO is off)."
            )
        with transaction.atomic():
            if Owner.objects.filter(name=D.OWNER_NAME).exists():
                self.stdout.write("Demodata finnes allerede – ingenting endret. (Demo data already present.)")
            else:
                taken = User.objects.filter(username__in=[login[0] for login in D.LOGINS]).values_list(
                    "username", flat=True
                )
                if taken:
                    raise CommandError(
                        f"Brukernavn finnes allerede uten demokommunen: {', '.join(taken)}. "
                        "(Usernames already taken outside the demo municipality.)"
                    )
                DemoBuilder().build()
                self.stdout.write(self.style.SUCCESS(f"Demodata laget: {D.OWNER_NAME}"))
            # Every demo school's logins; also added to a demo database made before they existed.
            more = ensure_demo_access()
        self.stdout.write("\nDemo-innlogginger (passord: demo):")
        for username, first, last, school, title, _role in D.LOGINS:
            place = D.PRIMARY_NAME if school == "primary" else D.SECONDARY_NAME
            self.stdout.write(f"  {username:<28} {first} {last}, {title}, {place}")
        for username, who, place in more:
            self.stdout.write(f"  {username:<28} {who}, {place}")
