from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "laget.deadlines"
    label = "deadlines"
