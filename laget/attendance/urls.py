from django.urls import path

from . import views, views_ladder

app_name = "attendance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("registrer/", views.absence_create, name="absence_create"),
    path("import/", views.absence_import, name="absence_import"),
    path("elev/<int:pk>/", views.student_detail, name="student_detail"),
    path("elev/<int:pk>/skjema/", views_ladder.student_form, name="student_form"),
    path("elev/<int:pk>/skjema.pdf", views_ladder.student_form_pdf, name="student_form_pdf"),
    path("oppfolging/<int:pk>/", views_ladder.followup_detail, name="followup_detail"),
    path("oppfolging/<int:pk>/trinn/<int:number>/", views_ladder.step_record_view, name="step_record"),
    path("oppfolging/<int:pk>/trinn/<int:number>/evaluering/", views_ladder.step_evaluate_view, name="step_evaluate"),
    path("oppfolging/<int:pk>/avslutt/", views_ladder.followup_close_view, name="followup_close"),
]
