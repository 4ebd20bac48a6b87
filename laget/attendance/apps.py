from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "laget.attendance"
    label = "attendance"
