from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.log_review, name="log_review"),
    path("elev/<int:pk>/innsyn.pdf", views.student_report, name="student_report"),
    path("nodtilgang/", views.emergency_search, name="emergency_search"),
    path("nodtilgang/elev/<int:pk>/", views.emergency_request, name="emergency_request"),
    path("nodtilgang/<int:pk>/gjennomgatt/", views.emergency_review, name="emergency_review"),
]
