"""The student list lives with the student page in home: both ask the disclosure policy
(laget.cases.disclosure), which sits above the students app."""

from django.urls import path

from laget.students import views_classes

from . import views, views_register

app_name = "students"
urlpatterns = [
    path("", views.student_list, name="student_list"),
    # Import from the school's register (laget.students): lead of the school's team only.
    path("import/", views_register.register_upload, name="register_upload"),
    path("import/<int:pk>/", views_register.register_preview, name="register_preview"),
    path("import/eksempel.<str:fmt>", views_register.register_example, name="register_example"),
    # Classes and their contact teachers (laget.students): lead of the school's team only.
    path("klasser/", views_classes.class_list, name="class_list"),
    path("klasser/<int:pk>/", views_classes.class_contacts, name="class_contacts"),
]
