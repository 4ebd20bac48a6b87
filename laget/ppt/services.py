"""Writes of the PPT process: named domain actions, one transaction each, with the access log
(rule 4) and a timeline entry (no student name, rule 3) inside."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases.disclosure import has_consent
from laget.cases.models import Case, ConsentScope
from laget.cases.timeline import timeline_add
from laget.organisations.access import Access

from . import chain
from .gate import gate_errors, gate_status
from .models import STEP_ORDER, PptProcess, PptReport, PptStep, ReportKind, Step
from .routines import REPORTS, routine_for_school
from .selectors import may_act

# Steps where the user gives the date (the letter went, the assessment arrived …); the others are
# approvals and drafts dated the day they are done.
DATED_STEPS = {Step.SENT, Step.ASSESSMENT_RECEIVED, Step.DECISION_APPROVED, Step.IEP_DONE}


def _check_file(uploaded):
    if uploaded is not None and uploaded.size > settings.MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Filen %(name)s er for stor. Største tillatte størrelse er %(max)s.")
            % {"name": uploaded.name, "max": filesizeformat(settings.MAX_ATTACHMENT_BYTES)}
        )


def ppt_referral_create(
    *,
    access: Access,
    case: Case,
    referral_reason: str = "",
    pedagogical_report: str = "",
    pedagogical_report_file=None,
    exception_reason: str = "",
) -> PptProcess:
    """Draft a referral to PPT. Rule 6: only for a case discussed in the resource team with tried,
    evaluated measures and a pedagogical report, or with a recorded reason why not; drafted by the
    role the school's PPT routine names."""
    if not access.is_team_member(case.school_id):
        raise PermissionDenied
    routine = routine_for_school(case.school)
    if not may_act(access, case.school_id, routine.roles.get(Step.REFERRAL_DRAFTED)):
        raise PermissionDenied(_("Din rolle kan ikke utarbeide henvisning til PPT etter skolens rutine."))
    _check_file(pedagogical_report_file)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("school").get(pk=case.pk)
        if case.student_id is None:
            raise ValidationError(_("Bare individsaker kan henvises til PPT."))
        if case.status != Case.Status.OPEN:
            raise ValidationError(_("Saken er avsluttet."))
        if case.ppt_processes.filter(status=PptProcess.Status.ACTIVE).exists():
            raise ValidationError(_("Saken har allerede en henvisning til PPT som pågår."))
        errors = gate_errors(
            gate_status(case),
            pedagogical_report=pedagogical_report,
            has_report_file=pedagogical_report_file is not None,
            exception_reason=exception_reason,
        )
        if errors:
            raise ValidationError(errors)
        exception = bool(exception_reason.strip())
        process = PptProcess(
            school_id=case.school_id,
            case=case,
            referral_reason=referral_reason,
            pedagogical_report=pedagogical_report,
            exception_reason=exception_reason.strip(),
            exception_by=access.user if exception else None,
            exception_at=timezone.now() if exception else None,
            roles=dict(routine.roles),
            iep_days=routine.iep_days,
            step_days=routine.step_days,
            keep_half_year_report=routine.keep_half_year_report,
            created_by=access.user,
        )
        if pedagogical_report_file is not None:
            process.pedagogical_report_file.save(pedagogical_report_file.name, pedagogical_report_file, save=False)
        process.full_clean()
        process.save()
        PptStep.objects.create(
            process=process, step=Step.REFERRAL_DRAFTED, date=timezone.localdate(), done_by=access.user
        )
        summary = _("PPT: henvisning utarbeidet")
        if exception:
            summary = _("PPT: henvisning utarbeidet med begrunnet unntak fra kravet om evaluerte tiltak/rapport")
        timeline_add(case=case, kind="ppt.referral_drafted", summary=summary, actor=access.user)
        access.log(action="ppt.create", school_id=case.school_id, student_id=case.student_id, obj=process)
    return process


def _step_date(step: str, date: datetime.date | None, previous: PptStep | None) -> datetime.date:
    today = timezone.localdate()
    if step not in DATED_STEPS or date is None:
        date = today
    if date > today:
        raise ValidationError({"date": _("Datoen kan ikke være fram i tid.")})
    if previous is not None and date < previous.date:
        raise ValidationError(
            {
                "date": _("Datoen kan ikke være før forrige steg (%(date)s).")
                % {"date": previous.date.strftime("%d.%m.%Y")}
            }
        )
    return date


def ppt_step_record(
    *,
    access: Access,
    process: PptProcess,
    step: str,
    date: datetime.date | None = None,
    note: str = "",
    file=None,
    set_case_outcome: bool = False,
) -> PptStep:
    """Record the next step of the chain: steps in order, each by the role the routine names
    (approvals by the department head and the principal); sending needs the guardians' consent
    to share with PPT. Sending may set the case's outcome to "Henvist til PPT"."""
    if not access.is_team_member(process.school_id):
        raise PermissionDenied
    if step not in STEP_ORDER:
        raise ValidationError(_("Ukjent steg."))
    if not may_act(access, process.school_id, process.roles.get(step)):
        raise PermissionDenied(_("Din rolle kan ikke utføre dette steget etter skolens rutine."))
    _check_file(file)
    with transaction.atomic():
        process = PptProcess.objects.select_for_update().get(pk=process.pk)
        if process.status != PptProcess.Status.ACTIVE:
            raise ValidationError(_("PPT-prosessen er avsluttet."))
        done = {s.step: s for s in process.steps.all()}
        expected = chain.next_step(process, done)
        if step != expected:
            raise ValidationError(
                _("Stegene tas i rekkefølge. Neste steg er «%(step)s».") % {"step": Step(expected).label}
                if expected
                else _("Alle stegene er allerede utført.")
            )
        previous = done.get(STEP_ORDER[STEP_ORDER.index(step) - 1])
        case = Case.objects.select_for_update().get(pk=process.case_id)
        if step == Step.SENT and not has_consent(case, ConsentScope.PPT):
            raise ValidationError(
                _("Det er ikke registrert gyldig samtykke fra foresatte til deling med PPT. Registrer samtykke først.")
            )
        row = PptStep(process=process, step=step, date=_step_date(step, date, previous), note=note, done_by=access.user)
        if file is not None:
            row.file.save(file.name, file, save=False)
        row.full_clean()
        row.save()
        timeline_add(
            case=case,
            kind=f"ppt.{step}",
            summary=_("PPT: %(step)s") % {"step": Step(step).label.lower()},
            actor=access.user,
        )
        if step == Step.SENT and set_case_outcome and case.outcome != Case.Outcome.PPT:
            case.outcome = Case.Outcome.PPT
            case.save(update_fields=["outcome"])
            timeline_add(case=case, kind="case.outcome", summary=_("Utfall satt: Henvist til PPT"), actor=access.user)
        access.log(action=f"ppt.{step}", school_id=case.school_id, student_id=case.student_id, obj=process)
    return row


def ppt_report_record(
    *, access: Access, process: PptProcess, kind: str, done_on: datetime.date | None = None
) -> PptReport:
    """Record the next due report on the IEP: the annual report (30.05), and the half-year report
    (31.01) only where the routine keeps it. Done by the role the routine names for reports."""
    if not access.is_team_member(process.school_id):
        raise PermissionDenied
    if not may_act(access, process.school_id, process.roles.get(REPORTS)):
        raise PermissionDenied(_("Din rolle kan ikke registrere rapporter etter skolens rutine."))
    with transaction.atomic():
        process = PptProcess.objects.select_for_update().get(pk=process.pk)
        if kind not in chain.report_kinds(process):
            raise ValidationError(_("Skolens rutine har ikke halvårsrapport."))
        due = chain.next_report_due(process, kind, {s.step: s for s in process.steps.all()})
        if due is None:
            raise ValidationError(_("Rapporter skrives når IOP er utarbeidet."))
        done_on = done_on or timezone.localdate()
        if done_on > timezone.localdate():
            raise ValidationError({"done_on": _("Datoen kan ikke være fram i tid.")})
        report = PptReport(process=process, kind=kind, due=due, done_on=done_on, done_by=access.user)
        report.full_clean()
        report.save()
        label = ReportKind(kind).label
        timeline_add(
            case=process.case,
            kind=f"ppt.report.{kind}",
            summary=_("PPT: %(report)s for %(year)s levert")
            % {"report": label.lower(), "year": chain.school_year_label(due)},
            actor=access.user,
        )
        access.log(action="ppt.report", school_id=process.school_id, student_id=process.case.student_id, obj=report)
    return report
