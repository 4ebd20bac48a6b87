"""URL stubs: the owner of this part replaces them with real views."""

from django.urls import path

from laget.home.views import not_built

app_name = "plans"
urlpatterns = [
    path("saker/<int:case_pk>/tiltaksplan/ny/", not_built, name="plan_create"),
    path("tiltaksplaner/<int:pk>/", not_built, name="plan_detail"),
    path("tiltak/<int:pk>/evaluer/", not_built, name="measure_evaluate"),
]
