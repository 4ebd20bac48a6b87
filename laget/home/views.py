from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from laget.audit.services import access_log_write_many
from laget.cases.consent import case_is_named
from laget.cases.timeline import timeline_for_student
from laget.meetings.guests import active_invitations_for
from laget.organisations.access import access_for
from laget.students.selectors import student_get

from . import selectors


@require_GET
def my_page(request):
    """Min side: my open tasks, measures to evaluate, referrals and my teams' next meetings."""
    access = access_for(request)
    if not access.staff_school_ids and active_invitations_for(request.user).exists():
        return redirect("guests:guest_home")  # an invited agency's guest has nothing else here
    inbox = selectors.label_cases(access, selectors.cases_awaiting_team(access), attr=None)
    for case in inbox:
        case.named = case_is_named(case)
    context = {
        "nav": "home",
        "today": timezone.localdate(),
        "inbox": inbox,
        "tasks": selectors.label_cases(access, selectors.my_open_tasks(access)),
        "measures": selectors.label_cases(access, selectors.my_active_measures(access)),
        "referrals": selectors.label_cases(access, selectors.my_referrals(access)),
        "meetings": selectors.my_next_meetings(access),
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
    """The student page: who the student is, their cases and timeline, as far as this user may see."""
    access = access_for(request)
    student = student_get(access, pk)
    cases = selectors.student_cases(access, student)
    timeline = timeline_for_student(
        student,
        case_ids=[c.pk for c in cases],
        include_restricted=access.sees_restricted(student.school_id),
    )
    labels = {c.pk: c.label for c in cases}
    entries = list(timeline)
    for entry in entries:
        entry.case_label = labels.get(entry.case_id)
    access.log(action="student.view", school_id=student.school_id, student_id=student.pk, obj=student)
    context = {
        "nav": "students",
        "student": student,
        "guardians": list(student.guardians.all()),
        "sees_protected_address": access.sees_protected_address(student.school_id),
        "contact_teachers": list(student.school_class.contact_teachers.all()),
        "cases": cases,
        "timeline": entries,
    }
    return render(request, "home/student_detail.html", context)
