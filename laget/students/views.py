"""Views: thin; fetch through selectors (404 for what the user may not see), act through services."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from laget.organisations.access import access_for

from .models import SchoolClass
from .selectors import students_visible_to

PAGE_SIZE = 100


def _search(students, query: str):
    """Every word must match the first or last name."""
    for word in query.split():
        students = students.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return students


@require_GET
def student_list(request):
    access = access_for(request)
    visible = students_visible_to(access)
    classes = list(
        SchoolClass.objects.filter(pk__in=visible.values("school_class_id"))
        .select_related("school")
        .order_by("school__name", "grade", "name")
    )
    query = request.GET.get("q", "").strip()[:100]
    class_id = request.GET.get("klasse", "")
    class_id = int(class_id) if class_id.isdigit() and int(class_id) in {c.pk for c in classes} else None

    students = _search(visible, query)
    if class_id:
        students = students.filter(school_class_id=class_id)
    students = students.order_by("school__name", "school_class__grade", "school_class__name", "last_name", "first_name")
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("side"))

    rows = list(page.object_list)
    # A list of names is student data too (rule 4): one row per school shown, not per student.
    for school_id in sorted({s.school_id for s in rows}):
        access.log(action="student.list", school_id=school_id, detail=f"{len(rows)} students; query: {query[:80]}")
    context = {
        "nav": "students",
        "students": rows,
        "page": page,
        "classes": classes,
        "several_schools": len({c.school_id for c in classes}) > 1,
        "query": query,
        "class_id": class_id,
    }
    return render(request, "students/student_list.html", context)
