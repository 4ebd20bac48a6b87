"""The access log's pages: review (principal / DPO), the guardian's access report (GDPR Art. 15)
and emergency access (nødtilgang). This module sits at the top of the dependency order
(it names students and users), the rest of the app stays at the bottom."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget.cases.disclosure import students_visible_to
from laget.documents.pdf import pdf_response, render_pdf
from laget.forms import form_add_service_errors
from laget.organisations.access import access_for
from laget.organisations.models import Membership, School, Staff
from laget.students.models import Student
from laget.students.selectors import (
    student_in_schools,
    student_of_own_school,
    students_for_emergency_search,
)

from . import selectors, services
from .forms import EmergencyReasonForm, ReviewFilterForm
from .labels import action_label, kind_label

User = get_user_model()
PAGE_SIZE = 50


def _reviewer_schools(access) -> set[int]:
    school_ids = selectors.reviewer_school_ids(access)
    if not school_ids:
        raise Http404
    return school_ids


@require_GET
def log_review(request):
    """Tilgangslogg: who saw or changed which student's data, with unusual patterns highlighted."""
    access = access_for(request)
    school_ids = _reviewer_schools(access)
    users = _review_users(school_ids)
    students = Student.objects.filter(school_id__in=school_ids).select_related("school_class")
    students = students.order_by("last_name", "first_name")
    form = ReviewFilterForm(request.GET or None, users=users, students=students)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.log_for_review(
        school_ids,
        user_id=filters.get("bruker"),
        student_id=filters.get("elev"),
        date_from=filters.get("fra"),
        date_to=filters.get("til"),
        emergency=filters.get("nodtilgang", False),
    )
    cursor = request.GET.get("eldre", "")
    rows, older = selectors.log_page(qs, cursor, PAGE_SIZE)
    selectors.flag_unusual(rows, school_ids)
    _attach_names(rows)
    to_review = list(selectors.emergency_accesses_to_review(school_ids))
    _attach_student_names(to_review)
    for school_id in sorted(school_ids):
        access.log(
            action="audit.review",
            school_id=school_id,
            student_id=filters.get("elev"),
            detail=request.GET.urlencode()[:300],
        )
    query = request.GET.copy()
    query.pop("eldre", None)
    context = {
        "nav": "audit",
        "form": form,
        "older": older,
        "is_first_page": not cursor,
        "rows": rows,
        "to_review": to_review,
        "query": query.urlencode(),
        "report_student_id": filters.get("elev"),
    }
    return render(request, "audit/review.html", context)


def _review_users(school_ids):
    """Whom the review filters by: the schools' staff and team members (listing every user found in
    the log would read every row of the schools' logs)."""
    return User.objects.filter(
        Q(pk__in=Staff.objects.filter(school_id__in=school_ids).values("user_id"))
        | Q(pk__in=Membership.objects.filter(team__school_id__in=school_ids).values("user_id"))
    ).order_by("first_name", "last_name", "username")


def _attach_names(rows):
    """Full names of users and students on one page, in two queries."""
    user_names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in={r.user_id for r in rows})}
    students = Student.objects.filter(pk__in={r.student_id for r in rows if r.student_id})
    student_names = {s.pk: s.full_name for s in students}
    for row in rows:
        row.user_name = user_names.get(row.user_id, row.username)
        row.student_name = student_names.get(row.student_id, "")
        row.action_label = action_label(row.action)


def _attach_student_names(grants):
    names = {s.pk: s.full_name for s in Student.objects.filter(pk__in={g.student_id for g in grants})}
    for grant in grants:
        grant.student_name = names.get(grant.student_id, "")


@require_POST
def emergency_review(request, pk):
    access = access_for(request)
    grant = selectors.emergency_access_get(_reviewer_schools(access), pk)
    services.emergency_access_review(access=access, grant=grant)
    messages.success(request, _("Nødtilgangen er merket som gjennomgått."))
    return redirect(reverse("audit:log_review") + "#nodtilganger")


@require_GET
def student_report(request, pk):
    """Innsyn (GDPR Art. 15): who has seen or changed the child's data, what and when, as a PDF."""
    access = access_for(request)
    student = student_in_schools(_reviewer_schools(access), pk)
    entries = selectors.log_for_student(student)
    _attach_names(entries)
    for entry in entries:
        entry.local_at = timezone.localtime(entry.at)
        entry.kind = kind_label(entry.action)
    access.log(action="audit.report", school_id=student.school_id, student_id=student.pk, obj=student)
    context = {
        "school": School.objects.get(pk=student.school_id),
        "student": student,
        "entries": entries,
        "made_at": timezone.localtime(),
        "made_by": request.user.get_full_name() or request.user.username,
    }
    pdf = render_pdf("audit/student_report.html", context)
    return pdf_response(pdf, f"innsyn-tilgangslogg-elev-{student.pk}")


def _log_emergency_search(access, query, students) -> None:
    """Every search is logged (with what was typed), and every student it showed (Normen)."""
    for school_id in sorted(access.staff_school_ids):
        rows = [(None, None), *[(s.pk, None) for s in students if s.school_id == school_id]]
        services.access_log_write_many(
            user=access.user,
            role=access.role_label(school_id),
            action="student.emergency_search",
            school_id=school_id,
            rows=rows,
            detail=query,
        )


def emergency_search(request):
    """Nødtilgang: search students of one's own school by name. Staff only; guests and others 404."""
    access = access_for(request)
    if not access.staff_school_ids:
        raise Http404
    # Printable characters only: the query is stored in the log (PostgreSQL refuses NUL in text).
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable()).strip()[:100]
    search = students_for_emergency_search(access, query)
    if query:
        _log_emergency_search(access, query, search.students)
    grants = access.emergency_grants
    if grants:
        names = {s.pk: s.full_name for s in Student.objects.filter(pk__in=list(grants))}
        for grant in grants.values():
            grant.student_name = names.get(grant.student_id, "")
    context = {
        "nav": "students",
        "query": query,
        "students": search.students,
        "refusal": search.refusal,
        "searched": bool(query),
        "min_letters": settings.EMERGENCY_SEARCH_MIN_LETTERS,
        "active": list(grants.values()),
        "hours": settings.EMERGENCY_ACCESS_HOURS,
    }
    return render(request, "audit/emergency_search.html", context)


def emergency_request(request, pk):
    """Ask for emergency access to one student with a written reason; then go to the student's page."""
    access = access_for(request)
    student = student_of_own_school(access, pk)
    already = students_visible_to(access).filter(pk=student.pk).exists()
    form = EmergencyReasonForm(request.POST or None)
    if request.method == "POST" and not already and form.is_valid():
        try:
            grant = services.emergency_access_grant(access=access, student=student, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            form_add_service_errors(form, e)
        else:
            until = timezone.localtime(grant.expires_at)
            messages.warning(
                request,
                _("Du har nødtilgang til eleven til kl. %(time)s. Tilgangen er logget og blir gjennomgått av rektor.")
                % {"time": until.strftime("%H:%M")},
            )
            return redirect("home:student_detail", student.pk)
    context = {"nav": "students", "student": student, "form": form, "already": already}
    return render(request, "audit/emergency_request.html", context, status=400 if form.errors else 200)
