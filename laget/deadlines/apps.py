from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "laget.deadlines"
    label = "deadlines"

    def ready(self):
        from . import builtin  # noqa: F401 - registers the task and measure providers
