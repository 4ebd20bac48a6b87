"""Views for the ladder (tiltakstrappa): a follow-up with its steps, recording and evaluating a step,
closing; the student follow-up form (seed 004 §11) as a page and a PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget.cases import disclosure
from laget.documents.pdf import pdf_response, render_pdf
from laget.forms import form_add_service_errors
from laget.organisations.access import access_for

from .forms import CloseForm, EvaluationForm, FormEntryForm, StepForm
from .selectors import attendance_student_get, current_follower, followup_get, form_rows, ladder_state, ladder_steps
from .services import followup_close, form_entry_add, step_evaluate, step_record


def _render_followup(request, access, followup, *, step_form=None, close_form=None, status=200):
    access.log(
        action="attendance.followup_view", school_id=followup.school_id, student_id=followup.student_id, obj=followup
    )
    state = ladder_state(followup, ladder_steps(followup.ladder_id))
    context = {
        "followup": followup,
        "student": followup.student,
        # The page names the student: the case is shown only when it is named to this user, or
        # an anonymous case would be linked to its student (laget.cases.disclosure).
        "case_shown": followup.case if disclosure.cases_linked_to_student(access, [followup.case]) else None,
        "state": state,
        "step_form": step_form or StepForm(),
        "evaluation_form": EvaluationForm(),
        "close_form": close_form or CloseForm(),
        "today": timezone.localdate(),
        "nav": "attendance",
    }
    return render(request, "attendance/followup_detail.html", context, status=status)


@require_GET
def followup_detail(request, pk):
    access = access_for(request)
    return _render_followup(request, access, followup_get(access, pk))


@require_POST
def step_record_view(request, pk, number):
    access = access_for(request)
    followup = followup_get(access, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            step_record(access=access, followup=followup, number=number, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Trinn %(n)s er registrert.") % {"n": number})
            return redirect("attendance:followup_detail", followup.pk)
    return _render_followup(request, access, followup, step_form=form, status=400)


@require_POST
def step_evaluate_view(request, pk, number):
    access = access_for(request)
    followup = followup_get(access, pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            step_evaluate(access=access, followup=followup, number=number, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Evalueringen er lagret."))
    else:
        messages.error(request, _("Skriv evalueringen og datoen."))
    return redirect("attendance:followup_detail", followup.pk)


@require_POST
def followup_close_view(request, pk):
    access = access_for(request)
    followup = followup_get(access, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            followup_close(access=access, followup=followup, note=form.cleaned_data["note"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Nærværsoppfølgingen er avsluttet."))
            return redirect("attendance:followup_detail", followup.pk)
    return _render_followup(request, access, followup, close_form=form, status=400)


def _form_context(student):
    return {
        "student": student,
        "school": student.school,
        "contact_teachers": ", ".join(
            t.get_full_name() or t.username for t in student.school_class.contact_teachers.all()
        ),
        "follower": current_follower(student),
        "rows": form_rows(student),
    }


def student_form(request, pk):
    access = access_for(request)
    student = attendance_student_get(access, pk)
    form = FormEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            form_entry_add(access=access, student=student, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Raden er lagt til i elevskjemaet."))
            return redirect("attendance:student_form", student.pk)
    access.log(action="attendance.form_view", school_id=student.school_id, student_id=student.pk, obj=student)
    context = _form_context(student) | {"form": form, "nav": "attendance"}
    return render(request, "attendance/student_form.html", context, status=400 if form.errors else 200)


@require_GET
def student_form_pdf(request, pk):
    access = access_for(request)
    student = attendance_student_get(access, pk)
    access.log(action="attendance.form_pdf", school_id=student.school_id, student_id=student.pk, obj=student)
    pdf = render_pdf("attendance/student_form_pdf.html", _form_context(student))
    return pdf_response(pdf, f"elevskjema-naervaer-{student.pk}")
