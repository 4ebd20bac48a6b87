"""Views for absence: the overview, a student's absence page, registering by hand and by CSV import.
Thin: fetch through selectors (404 for what the user may not see), act through services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from laget.forms import form_add_service_errors
from laget.organisations.access import access_for

from . import imports
from .forms import AbsenceForm, ImportForm
from .selectors import (
    absences_for,
    attendance_schools,
    attendance_student_get,
    attendance_students,
    followups_for,
    ladder_state,
    ladder_steps,
    overview_rows,
)
from .services import absence_register


def _require_schools(access):
    schools = attendance_schools(access)
    if not schools:
        raise Http404
    return schools


@require_GET
def overview(request):
    access = access_for(request)
    schools = _require_schools(access)
    rows = overview_rows(access)
    for school in schools:
        access.log(action="attendance.overview", school_id=school.pk, detail=_("Fraværsoversikt"))
    context = {
        "rows": rows,
        "open_count": sum(1 for r in rows if r["followup"]),
        "overdue_count": sum(1 for r in rows if r["state"] and r["state"]["overdue"]),
        "today": timezone.localdate(),
        "nav": "attendance",
    }
    return render(request, "attendance/overview.html", context)


@require_GET
def student_detail(request, pk):
    access = access_for(request)
    student = attendance_student_get(access, pk)
    access.log(action="attendance.student_view", school_id=student.school_id, student_id=student.pk, obj=student)
    absences = list(absences_for(student))
    followups = list(followups_for(student))
    steps = {}
    for f in followups:
        if f.ladder_id not in steps:
            steps[f.ladder_id] = ladder_steps(f.ladder_id)
        f.state = ladder_state(f, steps[f.ladder_id])
    context = {
        "student": student,
        "absences": absences,
        "followups": followups,
        "undocumented": sum(1 for a in absences if a.kind == "undocumented"),
        "documented": sum(1 for a in absences if a.kind == "documented"),
        "nav": "attendance",
    }
    return render(request, "attendance/student_detail.html", context)


def absence_create(request):
    access = access_for(request)
    _require_schools(access)
    students = attendance_students(access).order_by("school_class__grade", "school_class__name", "last_name")
    initial = {"student": request.GET.get("elev")} if request.GET.get("elev") else {}
    form = AbsenceForm(request.POST or None, students=students, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _absence, outcome, followup = absence_register(
                access=access,
                student=data["student"],
                date=data["date"],
                kind=data["kind"],
                hours=data["hours"],
                note=data["note"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if outcome == "unchanged":
                messages.info(request, _("Fraværet var allerede registrert slik."))
            else:
                messages.success(request, _("Fraværet er registrert."))
            if followup is not None:
                messages.warning(
                    request,
                    _(
                        "Eleven har nådd terskelen for udokumentert fravær. "
                        "Nærværsoppfølging er startet, og nærværsoppfølgerne er varslet."
                    ),
                )
                return redirect("attendance:followup_detail", followup.pk)
            return redirect("attendance:student_detail", data["student"].pk)
    return render(request, "attendance/absence_form.html", {"form": form, "nav": "attendance"})


def absence_import(request):
    """Upload → preview with row errors → confirm. The confirm posts the file text back, re-validated."""
    access = access_for(request)
    schools = _require_schools(access)
    form = ImportForm(request.POST or None, request.FILES or None)
    result, text = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        text = imports.decode(upload.read()) if upload else form.cleaned_data.get("content", "")
        if not text.strip():
            form.add_error("file", _("Velg en CSV-fil."))
        else:
            result = imports.parse(text, students=attendance_students(access))
            for school in schools:
                access.log(action="absence.import_preview", school_id=school.pk, detail=_("Forhåndsvisning av import"))
            if "confirm" in request.POST and result.valid:
                counts = imports.absences_import(access=access, result=result)
                messages.success(
                    request,
                    _("Importert: %(created)s nye, %(updated)s endret, %(unchanged)s uendret.") % counts,
                )
                if counts["followups"]:
                    messages.warning(
                        request,
                        _("%(n)s elev(er) nådde terskelen, og nærværsoppfølging er startet.")
                        % {"n": counts["followups"]},
                    )
                return redirect("attendance:overview")
    context = {"form": form, "result": result, "content": text, "nav": "attendance"}
    return render(request, "attendance/import.html", context)
