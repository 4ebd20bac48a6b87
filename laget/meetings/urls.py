"""URL stubs: the owner of this part replaces them with real views."""

from django.urls import path

from laget.home.views import not_built

app_name = "meetings"
urlpatterns = [
    path("", not_built, name="meeting_list"),
    path("<int:pk>/", not_built, name="meeting_detail"),
    path("<int:pk>/referat/", not_built, name="minutes"),
]
