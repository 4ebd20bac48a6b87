"""The student list lives with the student page in home: both ask the disclosure policy
(laget.cases.disclosure), which sits above the students app."""

from django.urls import path

from . import views

app_name = "students"
urlpatterns = [
    path("", views.student_list, name="student_list"),
]
