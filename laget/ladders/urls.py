from django.urls import path

from . import views

app_name = "ladders"

urlpatterns = [
    path("sak/<int:pk>/flytt/", views.case_move, name="case_move"),
]
