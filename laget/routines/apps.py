from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "laget.routines"
    label = "routines"
    verbose_name = "Rutiner"
