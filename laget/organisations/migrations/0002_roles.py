"""The resource-team roles named in the seed routines. Routines (a later issue) may add more."""

from django.db import migrations

ROLES = [
    # code, name, leads_team, sees_restricted
    ("rektor", "Rektor", True, False),
    ("avdelingsleder", "Avdelingsleder / inspektør", True, False),
    ("spesped", "Spesialpedagogisk koordinator", False, False),
    ("pprad", "PP-rådgiver", False, False),
    ("helsesykepleier", "Helsesykepleier", False, True),
    ("radgiver", "Rådgiver", False, False),
    ("sosiallaerer", "Sosiallærer", False, False),
    ("miljoterapeut", "Miljøterapeut", False, False),
    ("laererrep", "Representant for lærerne", False, False),
    ("flersprakligkoord", "Flerspråklig koordinator", False, False),
    ("barnevern", "Barneverntjenesten", False, False),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("organisations", "Role")
    for code, name, leads, restricted in ROLES:
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "leads_team": leads, "sees_restricted": restricted}
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
