from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "laget.accounts"
    label = "accounts"

    def ready(self):
        from . import signals  # noqa: F401 - connects the login/logout/deactivation hooks
