"""URL stubs: the owner of this part replaces them with real views."""

from django.urls import path

from laget.home.views import not_built

app_name = "documents"
urlpatterns = [
    path("melding/<int:pk>.pdf", not_built, name="referral_pdf"),
    path("innkalling/<int:pk>.pdf", not_built, name="invitation_pdf"),
    path("tiltaksplan/<int:pk>.pdf", not_built, name="plan_pdf"),
    path("samtykke/<int:case_pk>.pdf", not_built, name="consent_pdf"),
    path("samtykke/<int:case_pk>/blankett.pdf", not_built, name="consent_blank_pdf"),
]
