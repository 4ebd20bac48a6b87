"""Action plans (referat og tiltaksplan), measures and evaluations."""

from django.urls import path

from . import plan_views

app_name = "plans"
urlpatterns = [
    path("saker/<int:case_pk>/tiltaksplan/ny/", plan_views.plan_create, name="plan_create"),
    path("tiltaksplaner/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("tiltaksplaner/<int:pk>/endre/", plan_views.plan_edit, name="plan_edit"),
    path("tiltak/<int:pk>/evaluer/", plan_views.measure_evaluate_view, name="measure_evaluate"),
]
