"""No seeded role sees protected addresses (fortrolig adresse).

The resource team, the nurse and invited agencies work with the student, not the guardian's
address; a guardian with a protected address is reached through the school's ordinary
channels. Disclosure can put a family in danger, so the permission is opt-in: a school grants
it to one role that really sends letters. This migration states that explicitly, so an
earlier hand-set value on a seeded role is reset too.
"""

from django.db import migrations

SEEDED_CODES = [
    "rektor",
    "avdelingsleder",
    "spesped",
    "pprad",
    "helsesykepleier",
    "radgiver",
    "sosiallaerer",
    "miljoterapeut",
    "laererrep",
    "flersprakligkoord",
    "barnevern",
]


def forwards(apps, schema_editor):
    Role = apps.get_model("organisations", "Role")
    Role.objects.filter(code__in=SEEDED_CODES).update(sees_protected_address=False)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_owner_retention_role_protected_address")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
