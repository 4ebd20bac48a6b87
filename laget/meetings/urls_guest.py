from django.urls import path

from . import views_guest

app_name = "guests"
urlpatterns = [
    path("", views_guest.guest_home, name="guest_home"),
    path("invitasjon/<int:pk>/", views_guest.guest_meeting, name="guest_meeting"),
    path("mote/<int:pk>/", views_guest.guest_manage, name="guest_manage"),
    path("invitasjon/<int:pk>/avslutt/", views_guest.guest_revoke, name="guest_revoke"),
]
