from django.apps import AppConfig


class PptConfig(AppConfig):
    name = "laget.ppt"
    label = "ppt"
    verbose_name = "PPT"

    def ready(self):
        from . import deadlines  # noqa: F401  registers the PPT deadline provider
