from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("melding/<int:pk>.pdf", views.referral_pdf, name="referral_pdf"),
    path("innkalling/<int:pk>.pdf", views.invitation_pdf, name="invitation_pdf"),
    path("elevmappe/", views.archive, name="archive"),
    path("elevmappe/send/", views.archive_send, name="archive_send"),
    path("referat/<int:pk>.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("referat/<int:pk>/sak/<int:case_pk>.pdf", views.minutes_extract_pdf, name="minutes_extract_pdf"),
    path("tiltaksplan/<int:pk>.pdf", views.plan_pdf, name="plan_pdf"),
    path("samtykke/<int:case_pk>.pdf", views.consent_pdf, name="consent_pdf"),
    path("samtykke/<int:case_pk>/blankett.pdf", views.consent_blank_pdf, name="consent_blank_pdf"),
]
