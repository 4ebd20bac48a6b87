from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "laget.organisations"
    label = "organisations"
