"""A guest's agency becomes an organisations.Agency row (found or created by name within the
meeting's owner), so the disclosure policy can match it to the guardians' consent. The name
as typed is kept in `agency_name`."""

import re

import django.db.models.deletion
from django.db import migrations, models

# Kinds recognised from the names leads have typed; anything else is "other", which is the
# strictest kind (a case is named to it only when the consent names that agency).
KIND_PATTERNS = [
    ("child_welfare", r"barnevern"),
    ("bup", r"\bbup\b|psykiatri"),
    ("ppt", r"\bppt\b|pp-tjenest|pedagogisk-psykologisk"),
    ("health", r"helse"),
    ("tgl", r"\btgl\b|trygt og godt"),
    ("fbu", r"\bfbu\b|flerspråklig"),
    ("ot", r"\bot\b|oppfølgingstjenest"),
]


def kind_for(name):
    for kind, pattern in KIND_PATTERNS:
        if re.search(pattern, name, re.IGNORECASE):
            return kind
    return "other"


def forwards(apps, schema_editor):
    GuestInvitation = apps.get_model("meetings", "GuestInvitation")
    Agency = apps.get_model("organisations", "Agency")
    for invitation in GuestInvitation.objects.select_related("meeting__team__school"):
        name = invitation.agency_name.strip()
        if not name:
            continue
        owner_id = invitation.meeting.team.school.owner_id
        agency = Agency.objects.filter(owner_id=owner_id, name__iexact=name).first()
        if agency is None:
            agency = Agency.objects.create(owner_id=owner_id, name=name[:200], kind=kind_for(name))
        invitation.agency_id = agency.pk
        invitation.save(update_fields=["agency"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_participants_note"),
        ("organisations", "0005_agency"),
    ]

    operations = [
        migrations.RenameField(model_name="guestinvitation", old_name="agency", new_name="agency_name"),
        migrations.AlterField(
            model_name="guestinvitation",
            name="agency_name",
            field=models.CharField(max_length=200, verbose_name="instans (navn)"),
        ),
        migrations.AddField(
            model_name="guestinvitation",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="guest_invitations",
                to="organisations.agency",
                verbose_name="instans",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
