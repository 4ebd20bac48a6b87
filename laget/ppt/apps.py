from django.apps import AppConfig


class PptConfig(AppConfig):
    name = "laget.ppt"
    label = "ppt"
