from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.my_page, name="my_page"),
    path("elever/<int:pk>/", views.student_detail, name="student_detail"),
]
