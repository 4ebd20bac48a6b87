from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "laget.documents"
    label = "documents"
