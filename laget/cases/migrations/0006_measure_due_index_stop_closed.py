"""Measures due for evaluation are found by an index; a closed case's measures stop with it
(case_close does so from now on; this stops those left running by earlier closures)."""

from django.db import migrations, models


def stop_measures_of_closed_cases(apps, schema_editor):
    Measure = apps.get_model("cases", "Measure")
    Measure.objects.filter(case__status="closed", status="active").update(status="stopped")


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_consent_agencies_student")]

    operations = [
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                condition=models.Q(("status", "active")), fields=["evaluation_date"], name="measure_active_due"
            ),
        ),
        migrations.RunPython(stop_measures_of_closed_cases, migrations.RunPython.noop),
    ]
