from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running Laget in production: probes, request ids and logs, error pages, the scheduler, backups."""

    name = "laget.operations"
    label = "operations"
    verbose_name = "Drift"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
