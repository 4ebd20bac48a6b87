from django.urls import path

from . import views

app_name = "team"
urlpatterns = [
    path("", views.team, name="team"),
    path("<int:pk>/medlem/ny/", views.member_add, name="member_add"),
    path("medlem/<int:pk>/", views.member_edit, name="member_edit"),
    path("medlem/<int:pk>/fjern/", views.member_remove, name="member_remove"),
    path("<int:pk>/instans/ny/", views.agency_add, name="agency_add"),
    path("instans/<int:pk>/", views.agency_edit, name="agency_edit"),
]
