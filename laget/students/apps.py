from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "laget.students"
    label = "students"
