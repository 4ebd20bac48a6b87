from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.school_figures, name="school"),
    path("eksport.csv", views.school_figures_csv, name="school_csv"),
    path("mote/<int:pk>/", views.meeting_figures, name="meeting"),
    path("etterlevelse/", views.compliance_view, name="compliance"),
    path("skoleeier/", views.owner_figures, name="owner"),
]
