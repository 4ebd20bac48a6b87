from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "laget.audit"
    label = "audit"
