from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.school_deadlines, name="school"),
    path("mine/", views.mine, name="mine"),
    path("mine/kalender/ny/", views.feed_regenerate, name="feed_regenerate"),
    path("mine/kalender/slett/", views.feed_revoke, name="feed_revoke"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
