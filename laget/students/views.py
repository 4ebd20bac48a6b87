"""Views: thin; fetch through selectors (404 for what the user may not see), act through services."""

from django.shortcuts import render

from laget.organisations.access import access_for

from .selectors import students_visible_to


def student_list(request):
    access = access_for(request)
    students = students_visible_to(access).order_by("school_class__grade", "school_class__name", "last_name")
    return render(request, "students/student_list.html", {"students": students, "nav": "students"})
