from django.urls import path

from . import views, views_password

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("bekreft-passord/", views.reauth, name="reauth"),
    path("e-post/", views.email_change, name="email_change"),
    path("passord/", views_password.PasswordChangeView.as_view(), name="password_change"),
    path("sprak/", views.language, name="language"),
    path("logg-ut-overalt/", views.logout_everywhere, name="logout_everywhere"),
    path("tofaktor/", views.verify, name="verify"),
    path("tofaktor/sett-opp/", views.enrol, name="enrol"),
    path("tofaktor/koder/", views.recovery_codes, name="recovery_codes"),
    path("tofaktor/nye-koder/", views.recovery_codes_new, name="recovery_codes_new"),
]
