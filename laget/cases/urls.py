from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("meldinger/", views.referral_list, name="referral_list"),
    path("meldinger/ny/", views.referral_create, name="referral_create"),
    path("meldinger/<int:pk>/", views.referral_edit, name="referral_edit"),
    path("meldinger/<int:pk>/slett/", views.referral_delete, name="referral_delete"),
    path("vedlegg/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("saker/", views.case_list, name="case_list"),
    path("saker/<int:pk>/", views.case_detail, name="case_detail"),
    path("saker/<int:pk>/samtykke/", views.consent_record_view, name="consent_record"),
    path("saker/<int:pk>/helsenotat/", views.healthnote_add_view, name="healthnote_add"),
    path("saker/<int:pk>/omrade/", views.case_area_view, name="case_area"),
    path("saker/<int:pk>/avslutt/", views.case_close_view, name="case_close"),
    path("samtykke/<int:pk>/skjema/", views.consent_scan_download, name="consent_scan_download"),
]
