from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("meeting-list/", views.meeting_list, name="meeting_list"),
]
