from django.db import models


class ScheduledRun(models.Model):
    """One row per periodic job and period: the scheduler enqueues a job only when it inserts the row,
    so two schedulers (or a restarted one) never run the same night's job twice."""

    job = models.CharField(max_length=64)
    period = models.DateTimeField(help_text="The scheduled time this run belongs to (the cron slot).")
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="operations_run_once_per_period")]
        indexes = [models.Index(fields=["job", "-period"], name="operations_run_job_period")]

    def __str__(self):
        return f"{self.job} @ {self.period:%Y-%m-%d %H:%M}"
