"""Views of action plans and evaluations: thin. Fetch through selectors (404), act through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.forms import form_add_service_errors
from laget.organisations.access import access_for

from . import disclosure
from . import plan_selectors as sel
from .categories import challenge_labels
from .plan_forms import ActionPlanForm, EvaluationForm, measure_formset
from .plan_services import ConcurrentEditError, action_plan_create, action_plan_update, measure_evaluate
from .selectors import case_get

# The plan's free text, shown without the names to someone the case is anonymous to.
PLAN_TEXT_FIELDS = ("present", "absent", "referent", "challenge_other", "main_challenge", "main_goal")


def _identity(access, case) -> dict:
    return {
        "case_label": disclosure.case_label(access, case),
        "identity_visible": disclosure.identity_shown(access, case),
        "redact": disclosure.redactor(access, case),
        "case_named": disclosure.has_consent(case),
    }


def _form_context(access, case, form, formset, **extra) -> dict:
    return {"nav": "cases", "case": case, "form": form, "formset": formset, **_identity(access, case), **extra}


def plan_create(request, case_pk):
    access = access_for(request)
    case = case_get(access, case_pk)
    if not sel.may_write_plan(access, case):
        raise PermissionDenied
    # From the minutes the meeting comes along; from the case page, the last meeting it was discussed in.
    meeting = sel.meeting_for_case(case, request.GET.get("meeting")) or sel.last_meeting_discussed(case)
    owners = sel.staff_of_school(case.school_id)
    if request.method == "POST":
        form = ActionPlanForm(request.POST, school=case.school, case=case, system=case.student_id is None)
        formset = measure_formset(owners=owners, data=request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                plan = action_plan_create(
                    access=access,
                    case=case,
                    meeting=meeting,
                    plan_data=form.plan_data(),
                    measures=formset.measure_rows(new_only=True),
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Tiltaksplanen er lagret."))
                return redirect("plans:plan_detail", pk=plan.pk)
    else:
        initial = {"date_discussed": timezone.localdate(meeting.starts_at) if meeting else timezone.localdate()}
        initial.update(sel.referral_prefill(case))
        if meeting:
            initial.update(sel.attendance_prefill(meeting))
        # Someone the case is anonymous to gets the text without the names (laget.cases.disclosure).
        redact = disclosure.redactor(access, case)
        initial = {k: redact(v) if isinstance(v, str) else v for k, v in initial.items()}
        form = ActionPlanForm(initial=initial, school=case.school, system=case.student_id is None)
        formset = measure_formset(owners=owners)
    access.log(action="plan.new_form", school_id=case.school_id, student_id=case.student_id, obj=case)
    ctx = _form_context(access, case, form, formset, meeting=meeting, editing=False)
    return render(request, "plans/plan_form.html", ctx)


def plan_detail(request, pk):
    access = access_for(request)
    plan = sel.plan_get(access, pk)
    case = plan.case
    access.log(action="plan.view", school_id=case.school_id, student_id=case.student_id, obj=plan)
    ctx = {
        "nav": "cases",
        "case": case,
        "plan": plan,
        "measures": list(plan.measures.all()),
        "may_write": sel.may_write_plan(access, case),
        "today": timezone.localdate(),
        "challenge_labels": challenge_labels(plan.challenges, case.school),
        **_identity(access, case),
    }
    return render(request, "plans/plan_detail.html", ctx)


def plan_edit(request, pk):
    access = access_for(request)
    plan = sel.plan_get(access, pk)
    case = plan.case
    if not sel.may_write_plan(access, case):
        raise PermissionDenied
    owners = sel.staff_of_school(case.school_id)
    conflict = None
    if request.method == "POST":
        form = ActionPlanForm(
            request.POST, instance=plan, school=case.school, case=case, system=case.student_id is None
        )
        formset = measure_formset(owners=owners, data=request.POST, can_delete=True)
        if form.is_valid() and formset.is_valid():
            try:
                action_plan_update(
                    access=access,
                    plan=plan,
                    version=form.cleaned_data["version"] or 0,
                    plan_data=form.plan_data(),
                    measures=formset.measure_rows(),
                )
            except ConcurrentEditError as exc:
                form.add_error(None, exc.messages)
                conflict = sel.plan_get(access, pk)
                # Show the saved version next to the user's input; saving again is then a deliberate choice.
                form.data = form.data.copy()
                form.data["version"] = conflict.version
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Endringene i tiltaksplanen er lagret."))
                return redirect("plans:plan_detail", pk=plan.pk)
    else:
        redact = disclosure.redactor(access, case)
        texts = {f: redact(getattr(plan, f)) for f in PLAN_TEXT_FIELDS}
        form = ActionPlanForm(
            instance=plan,
            initial={"version": plan.version, **texts},
            school=case.school,
            system=case.student_id is None,
        )
        initial = [
            {
                "id": m.pk,
                "description": redact(m.description),
                "owner": m.owner_id,
                "evaluation_date": m.evaluation_date,
                "level": m.level,
                "staff_benefiting": m.staff_benefiting,
            }
            for m in plan.measures.all()
            if m.status != m.Status.STOPPED
        ]
        formset = measure_formset(owners=owners, initial=initial, can_delete=True)
    access.log(action="plan.edit_form", school_id=case.school_id, student_id=case.student_id, obj=plan)
    ctx = _form_context(access, case, form, formset, plan=plan, meeting=plan.meeting, editing=True, conflict=conflict)
    return render(request, "plans/plan_form.html", ctx)


def measure_evaluate_view(request, pk):
    access = access_for(request)
    measure = sel.measure_get(access, pk)
    case = measure.case
    if not sel.may_evaluate(access, measure):
        raise PermissionDenied
    if request.method == "POST":
        form = EvaluationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                measure_evaluate(
                    access=access,
                    measure=measure,
                    effect=data["effect"],
                    assessment=data["assessment"],
                    date=data["date"],
                    continue_measure=data["continue_measure"],
                    next_evaluation_date=data["next_evaluation_date"],
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, _("Evalueringen er lagret."))
                if measure.action_plan_id:
                    return redirect("plans:plan_detail", pk=measure.action_plan_id)
                return redirect("cases:case_detail", pk=case.pk)
    else:
        form = EvaluationForm(initial={"date": timezone.localdate()})
    access.log(action="measure.view", school_id=case.school_id, student_id=case.student_id, obj=measure)
    ctx = {"nav": "cases", "case": case, "measure": measure, "form": form, **_identity(access, case)}
    return render(request, "plans/measure_evaluate.html", ctx)
