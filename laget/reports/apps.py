from django.apps import AppConfig


class ReportsConfig(AppConfig):
    label = "reports"
    name = "laget.reports"
    verbose_name = "Nøkkeltall"
