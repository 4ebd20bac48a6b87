from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "laget.accounts"
    label = "accounts"
