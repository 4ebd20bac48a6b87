from django.urls import path

from . import views, views_case, views_minutes

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("nytt/", views.meeting_create, name="meeting_create"),
    path("serie/", views.series_create, name="series_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/punkt/nytt/", views.agenda_item_add, name="agenda_item_add"),
    path("punkt/<int:pk>/endre/", views.agenda_item_edit, name="agenda_item_edit"),
    path("punkt/<int:pk>/fjern/", views.agenda_item_remove, name="agenda_item_remove"),
    path("punkt/<int:pk>/flytt/", views.agenda_item_move, name="agenda_item_move"),
    path("<int:pk>/innkalling/send/", views.invitation_send, name="invitation_send"),
    path("<int:pk>/innkalling.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:pk>/start/", views_minutes.meeting_start, name="meeting_start"),
    path("<int:pk>/avslutt/", views_minutes.meeting_finish, name="meeting_finish"),
    path("<int:pk>/oppmote/", views_minutes.attendance, name="attendance"),
    path("<int:pk>/referat/", views_minutes.minutes, name="minutes"),
    path("punkt/<int:pk>/referat/", views_minutes.notes_save, name="notes_save"),
    path("punkt/<int:pk>/oppgave/", views_minutes.task_create, name="task_create"),
    path("<int:pk>/referat/godkjenn/", views_minutes.minutes_approve, name="minutes_approve"),
    path("<int:pk>/referat/gjenapne/", views_minutes.minutes_reopen, name="minutes_reopen"),
    path("<int:pk>/referat/versjon/<int:number>/", views_minutes.minutes_version, name="minutes_version"),
    path("oppgaver/<int:pk>/utfort/", views_minutes.task_done, name="task_done"),
    path("sak/<int:pk>/sett-pa-mote/", views_case.case_put, name="case_put"),
    path("punkt/<int:pk>/systemsak/", views_case.topic_to_case, name="topic_to_case"),
]
