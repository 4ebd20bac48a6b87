from django.urls import path

from . import views

app_name = "wheel"
urlpatterns = [
    path("", views.year, name="year"),
    path("hent/", views.seed, name="seed"),
    path("aktiver/", views.materialise, name="materialise"),
    path("punkt/nytt/", views.item_create, name="item_create"),
    path("punkt/<int:pk>/fjern/", views.item_delete, name="item_delete"),
    path("rutiner/", views.routine_list, name="routine_list"),
    path("rutiner/ny/", views.routine_create, name="routine_create"),
    path("rutiner/<int:pk>/", views.routine_detail, name="routine_detail"),
    path("rutiner/<int:pk>/endre/", views.routine_edit, name="routine_edit"),
    path("rutiner/<int:pk>/pdf/", views.routine_pdf, name="routine_pdf"),
]
