from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "laget.meetings"
    label = "meetings"
