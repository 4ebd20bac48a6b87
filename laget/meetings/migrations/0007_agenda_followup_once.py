"""A task or measure is followed up at most once per meeting (a constraint), and the indexes the
carry-over and the previous-meeting lookup use. Duplicates left by concurrent first views of an
agenda are merged first: the first item stays; a later one nobody wrote on is removed, one with
notes keeps its notes but no longer counts as the follow-up."""

from django.db import migrations, models
from django.db.models import Count, Min


def merge_duplicate_followups(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Task = apps.get_model("meetings", "Task")
    for field in ("task", "measure"):
        groups = (
            AgendaItem.objects.exclude(**{f"{field}__isnull": True})
            .values("meeting_id", f"{field}_id")
            .annotate(n=Count("pk"), first=Min("pk"))
            .filter(n__gt=1)
        )
        for g in groups:
            extra = AgendaItem.objects.filter(meeting_id=g["meeting_id"], **{f"{field}_id": g[f"{field}_id"]}).exclude(
                pk=g["first"]
            )
            used = set(Task.objects.filter(agenda_item__in=extra).values_list("agenda_item_id", flat=True))
            extra.filter(notes="").exclude(pk__in=used).delete()
            extra.update(**{field: None})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_measure_due_index_stop_closed"),
        ("meetings", "0006_guest_signin"),
    ]

    operations = [
        migrations.RunPython(merge_duplicate_followups, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["team", "starts_at"], name="meeting_team_starts"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)), fields=["team", "deadline"], name="task_open_due"
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                condition=models.Q(("task__isnull", False)), fields=("meeting", "task"), name="agenda_item_task_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(
                condition=models.Q(("measure__isnull", False)),
                fields=("meeting", "measure"),
                name="agenda_item_measure_once",
            ),
        ),
    ]
