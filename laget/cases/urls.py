"""URL stubs: the owner of this part replaces them with real views."""

from django.urls import path

from laget.home.views import not_built

app_name = "cases"
urlpatterns = [
    path("meldinger/", not_built, name="referral_list"),
    path("meldinger/ny/", not_built, name="referral_create"),
    path("meldinger/<int:pk>/", not_built, name="referral_edit"),
    path("saker/", not_built, name="case_list"),
    path("saker/<int:pk>/", not_built, name="case_detail"),
]
