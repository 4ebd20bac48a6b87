from django.urls import path

from . import views_guest, views_guest_signin

app_name = "guests"
urlpatterns = [
    path("", views_guest.guest_home, name="guest_home"),
    # Signing in: the e-mailed link, the one-time code, a new link (public: before there is a login).
    path("kode/", views_guest_signin.signin_code, name="signin_code"),
    path("ny-lenke/", views_guest_signin.signin_request, name="signin_request"),
    path("inn/<str:token>/", views_guest_signin.signin, name="signin"),
    path("invitasjon/<int:pk>/", views_guest.guest_meeting, name="guest_meeting"),
    path("mote/<int:pk>/", views_guest.guest_manage, name="guest_manage"),
    path("invitasjon/<int:pk>/avslutt/", views_guest.guest_revoke, name="guest_revoke"),
]
