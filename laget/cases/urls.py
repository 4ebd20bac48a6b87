from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("referral-list/", views.referral_list, name="referral_list"),
    path("case-list/", views.case_list, name="case_list"),
]
