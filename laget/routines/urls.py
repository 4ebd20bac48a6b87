from django.urls import path

from . import views

app_name = "routines"
urlpatterns = [
    path("", views.routine_page, name="routine"),
    path("mal/", views.routine_load, name="load"),
    path("endre/", views.routine_edit_page, name="edit"),
]
