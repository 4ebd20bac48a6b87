from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "laget.attendance"
    label = "attendance"

    def ready(self):
        from . import deadlines  # noqa: F401  (registers the ladder-step deadline provider)
