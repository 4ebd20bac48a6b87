from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ScheduledRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("job", models.CharField(max_length=64)),
                (
                    "period",
                    models.DateTimeField(help_text="The scheduled time this run belongs to (the cron slot)."),
                ),
                ("enqueued_at", models.DateTimeField(auto_now_add=True)),
                ("task_id", models.CharField(blank=True, max_length=64)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("job", "period"), name="operations_run_once_per_period")
                ],
                "indexes": [models.Index(fields=["job", "-period"], name="operations_run_job_period")],
            },
        ),
    ]
