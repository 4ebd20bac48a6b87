from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.my_page, name="my_page"),
    path("elever/<int:pk>/", views.not_built, name="student_detail"),
]
