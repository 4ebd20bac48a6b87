from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from laget.accounts import views_feide, views_password
from laget.operations.probes import healthz, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("logg-inn/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logg-inn/feide/", views_feide.feide_login, name="feide_login"),
    path("logg-inn/feide/tilbake/", views_feide.feide_callback, name="feide_callback"),
    path("logg-inn/glemt-passord/", views_password.PasswordResetView.as_view(), name="password_reset"),
    path("logg-inn/glemt-passord/sendt/", views_password.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "logg-inn/nytt-passord/<uidb64>/<token>/",
        views_password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "logg-inn/nytt-passord/ferdig/",
        views_password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("laget.home.urls")),
    path("elever/", include("laget.home.urls_students")),
    path("team/", include("laget.organisations.urls")),
    path("", include("laget.cases.urls")),
    path("", include("laget.cases.plan_urls")),
    path("moter/", include("laget.meetings.urls")),
    path("dokumenter/", include("laget.documents.urls")),
    path("konto/", include("laget.accounts.urls")),
    path("fravaer/", include("laget.attendance.urls")),
    path("ppt/", include("laget.ppt.urls")),
    path("trapper/", include("laget.ladders.urls")),
    path("rutiner/", include("laget.routines.urls")),
    path("frister/", include("laget.deadlines.urls")),
    path("tilgangslogg/", include("laget.audit.urls")),
    path("gjest/", include("laget.meetings.urls_guest")),
    path("nokkeltall/", include("laget.reports.urls")),
    path("arshjul/", include("laget.wheel.urls")),
]
