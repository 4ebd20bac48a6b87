from django.urls import path

from . import views

app_name = "ppt"
urlpatterns = [
    path("", views.process_list, name="process_list"),
    path("sak/<int:case_pk>/", views.case_ppt, name="case_ppt"),
    path("<int:pk>/", views.process_detail, name="process_detail"),
    path("<int:pk>/steg/<slug:step>/", views.step_record, name="step_record"),
    path("<int:pk>/rapport/<slug:kind>/", views.report_record, name="report_record"),
    path("<int:pk>/pedagogisk-rapport/", views.report_file, name="report_file"),
    path("steg/<int:pk>/vedlegg/", views.step_file, name="step_file"),
]
