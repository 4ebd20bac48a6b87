from django.apps import AppConfig


class WheelConfig(AppConfig):
    name = "laget.wheel"
    label = "wheel"
    verbose_name = "Årshjul og rutinebeskrivelser"

    def ready(self):
        from . import deadlines  # noqa: F401 - registers the wheel provider
