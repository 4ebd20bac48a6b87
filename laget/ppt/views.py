"""PPT pages: thin. Fetch through selectors (404 for what may not be seen), act through services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget.cases import disclosure
from laget.cases.selectors import case_get
from laget.forms import form_add_service_errors
from laget.organisations.access import access_for

from .forms import PptReferralForm, PptReportForm, PptStepForm
from .gate import EXCEPTION_REASON_MIN_LENGTH, gate_status
from .models import PptProcess, ReportKind, Step
from .overview import overview, role_names
from .routines import REPORTS, routine_for_school
from .selectors import RoleHolders, may_act, process_get, process_list_for, processes_for_case, step_file_get
from .services import DATED_STEPS, ppt_referral_create, ppt_report_record, ppt_step_record


@require_GET
def process_list(request):
    access = access_for(request)
    processes = list(process_list_for(access))
    holders = RoleHolders(access.team_school_ids)
    names = role_names()
    rows = [
        {"overview": overview(p, holders, names), "label": disclosure.case_label(access, p.case)} for p in processes
    ]
    rows.sort(key=lambda r: (r["overview"].next_due is None, r["overview"].next_due or 0))
    for school_id in sorted(access.team_school_ids):
        access.log(action="ppt.list", school_id=school_id, detail=_("PPT-prosesser"))
    return render(request, "ppt/process_list.html", {"rows": rows, "nav": "ppt"})


def case_ppt(request, case_pk):
    """The PPT page of a case: the gate and the referral form, or the running process."""
    access = access_for(request)
    case = case_get(access, case_pk)
    processes = list(processes_for_case(access, case))
    active = next((p for p in processes if p.status == PptProcess.Status.ACTIVE), None)
    if active is not None:
        return redirect("ppt:process_detail", active.pk)
    routine = routine_for_school(case.school)
    may_refer = case.student_id is not None and may_act(
        access, case.school_id, routine.roles.get(Step.REFERRAL_DRAFTED)
    )
    form = PptReferralForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_refer:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                process = ppt_referral_create(access=access, case=case, **data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("Henvisningen til PPT er utarbeidet og venter på godkjenning."))
                return redirect("ppt:process_detail", process.pk)
    access.log(action="ppt.view", school_id=case.school_id, student_id=case.student_id, obj=case)
    names = role_names()
    context = {
        "case": case,
        "label": disclosure.case_label(access, case),
        "gate": gate_status(case),
        "form": form,
        "may_refer": may_refer,
        "drafter_role": names.get(routine.roles.get(Step.REFERRAL_DRAFTED), ""),
        "routine": routine,
        "min_length": EXCEPTION_REASON_MIN_LENGTH,
        "earlier": processes,
        "nav": "ppt",
    }
    return render(request, "ppt/case_ppt.html", context, status=400 if form.errors else 200)


@require_GET
def process_detail(request, pk):
    access = access_for(request)
    return _render_process(request, access, process_get(access, pk))


def _render_process(request, access, process, *, step_form=None, report_form=None, status=200):
    view = overview(process, RoleHolders([process.school_id]), role_names())
    next_step = view.next.step if view.next else None
    access.log(action="ppt.view", school_id=process.school_id, student_id=process.case.student_id, obj=process)
    context = {
        "process": process,
        "case": process.case,
        "label": disclosure.case_label(access, process.case),
        "redact": disclosure.redactor(access, process.case),
        "view": view,
        "active": process.status == PptProcess.Status.ACTIVE,
        "may_do_next": bool(next_step) and may_act(access, process.school_id, process.roles.get(next_step)),
        "dated": next_step in DATED_STEPS,
        "wants_file": next_step == Step.ASSESSMENT_RECEIVED,
        "is_send": next_step == Step.SENT,
        "step_form": step_form or PptStepForm(),
        "report_form": report_form or PptReportForm(),
        "may_report": may_act(access, process.school_id, process.roles.get(REPORTS)),
        "nav": "ppt",
    }
    return render(request, "ppt/process_detail.html", context, status=status)


@require_POST
def step_record(request, pk, step):
    access = access_for(request)
    process = process_get(access, pk)
    if step not in Step.values:
        raise Http404
    form = PptStepForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            ppt_step_record(access=access, process=process, step=step, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Registrert: %(step)s.") % {"step": Step(step).label})
            return redirect("ppt:process_detail", process.pk)
    return _render_process(request, access, process, step_form=form, status=400)


@require_POST
def report_record(request, pk, kind):
    access = access_for(request)
    process = process_get(access, pk)
    if kind not in ReportKind.values:
        raise Http404
    form = PptReportForm(request.POST)
    if form.is_valid():
        try:
            ppt_report_record(access=access, process=process, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(report)s er registrert som levert.") % {"report": ReportKind(kind).label})
            return redirect("ppt:process_detail", process.pk)
    return _render_process(request, access, process, report_form=form, status=400)


@require_GET
def report_file(request, pk):
    access = access_for(request)
    process = process_get(access, pk)
    if not process.pedagogical_report_file:
        raise Http404
    access.log(action="ppt.file", school_id=process.school_id, student_id=process.case.student_id, obj=process)
    filename = disclosure.file_name(access, process.case, process.pedagogical_report_file.name)
    return FileResponse(process.pedagogical_report_file.open("rb"), as_attachment=True, filename=filename)


@require_GET
def step_file(request, pk):
    access = access_for(request)
    step = step_file_get(access, pk)
    access.log(action="ppt.file", school_id=step.process.school_id, student_id=step.process.case.student_id, obj=step)
    filename = disclosure.file_name(access, step.process.case, step.file.name)
    return FileResponse(step.file.open("rb"), as_attachment=True, filename=filename)
