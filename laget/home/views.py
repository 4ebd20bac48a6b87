from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from laget.audit.services import access_log_write_many
from laget.cases import disclosure
from laget.cases.timeline import timeline_for_student
from laget.meetings.guests import active_invitations_for
from laget.meetings.selectors import meetings_invited_to
from laget.organisations.access import access_for
from laget.students.models import SchoolClass
from laget.students.selectors import import_schools

from . import selectors


@require_GET
def my_page(request):
    """Min side: my open tasks, measures to evaluate, referrals and my teams' next meetings."""
    access = access_for(request)
    if not access.staff_school_ids and active_invitations_for(request.user).exists():
        return redirect("guests:guest_home")  # an invited agency's guest has nothing else here
    if not access.staff_school_ids and access.owner_ids:
        return redirect("reports:owner")  # the school owner's staff: key figures across the schools
    inbox = disclosure.label_rows(access, selectors.cases_awaiting_team(access), attr=None)
    for case in inbox:
        case.named = disclosure.has_consent(case)
    context = {
        "nav": "home",
        "today": timezone.localdate(),
        "inbox": inbox,
        "tasks": disclosure.label_rows(access, selectors.my_open_tasks(access)),
        "measures": disclosure.label_rows(access, selectors.my_active_measures(access)),
        "referrals": disclosure.label_rows(access, selectors.my_referrals(access)),
        "meetings": selectors.my_next_meetings(access),
        "invited_meetings": meetings_invited_to(access.user).exclude(team_id__in=access.team_ids)[:10],
    }
    _log_cases_shown(access, inbox + [r.case for r in context["tasks"] + context["measures"] if r.case])
    return render(request, "home/my_page.html", context)


def _log_cases_shown(access, cases):
    """Min side names students (cases the user has a relation to): one log row per student shown."""
    by_school = {}
    for case in cases:
        if case.student_id:
            by_school.setdefault(case.school_id, {})[case.student_id] = case
    for school_id, shown in by_school.items():
        access_log_write_many(
            user=access.user,
            role=access.role_label(school_id),
            action="home.my_page",
            school_id=school_id,
            rows=[(student_id, case) for student_id, case in shown.items()],
        )


@require_GET
def student_detail(request, pk):
    """The student page, only for a relation that gives a reason (laget.cases.disclosure): who the
    student is, and the cases and timeline named to this user — never a case they see anonymously."""
    access = access_for(request)
    student = disclosure.student_get(access, pk)
    cases = selectors.student_cases(access, student)
    shown = disclosure.sections(access, student.school_id)
    timeline = timeline_for_student(student, case_ids=[c.pk for c in cases], include_restricted=shown.restricted)
    labels = {c.pk: c.label for c in cases}
    entries = list(timeline)
    for entry in entries:
        entry.case_label = labels.get(entry.case_id)
    access.log(action="student.view", school_id=student.school_id, student_id=student.pk, obj=student)
    context = {
        "nav": "students",
        "student": student,
        "guardians": list(student.guardians.all()),
        "sees_protected_address": shown.protected_address,
        "contact_teachers": list(student.school_class.contact_teachers.all()),
        "cases": cases,
        "timeline": entries,
    }
    return render(request, "home/student_detail.html", context)


STUDENT_PAGE_SIZE = 100


def _search(students, query: str):
    """Every word must match the first or last name."""
    for word in query.split():
        students = students.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return students


@require_GET
def student_list(request):
    """The students this user has a reason to see (laget.cases.disclosure, need-to-know)."""
    access = access_for(request)
    visible = disclosure.students_visible_to(access)
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
    page = Paginator(students, STUDENT_PAGE_SIZE).get_page(request.GET.get("side"))

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
        "may_import": bool(import_schools(access)),
    }
    return render(request, "students/student_list.html", context)
