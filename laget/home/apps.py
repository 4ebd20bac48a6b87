from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "laget.home"
    label = "home"
