from django.apps import AppConfig


class LaddersConfig(AppConfig):
    name = "laget.ladders"
    label = "ladders"
    verbose_name = "Trapper"
