"""PPT routines as data: presets, and the routine that applies to a school.

A school's own PPT routine wins; then the deadlines of the school's Laget routine
(laget.routines: "deadlines" → ppt_preset, iep_days, keep_half_year_report, ppt_step_days); then
the owner's PPT routine; without any the default preset applies.
"""

from django.db import transaction

from laget.organisations.models import School
from laget.routines.selectors import routine_data_for_school

from .models import PptRoutine, Step

REPORTS = "reports"  # the role key for half-year and annual reports

PRESETS = {
    # Seed 004 (Breivang vgs), "Rutinebeskrivelse samhandling skole og PPT": the counsellor fills in
    # the referral and delivers it, the head of student services and the principal approve, the
    # head of student services drafts the decision and the principal approves it; IEP within
    # three weeks; half-year and annual reports.
    "breivang": {
        "roles": {
            Step.REFERRAL_DRAFTED: "radgiver",
            Step.DEPARTMENT_APPROVED: "avdelingsleder",
            Step.PRINCIPAL_APPROVED: "rektor",
            Step.SENT: "radgiver",
            Step.ASSESSMENT_RECEIVED: "avdelingsleder",
            Step.DECISION_DRAFTED: "avdelingsleder",
            Step.DECISION_APPROVED: "rektor",
            Step.IEP_DONE: "avdelingsleder",
            REPORTS: "avdelingsleder",
        },
        "iep_days": 21,
        "step_days": 14,
        "keep_half_year_report": True,
    },
    # The default: the special-education coordinator drives the process, the law's minimum of
    # reports (only the annual report, 30.05).
    "default": {
        "roles": {
            Step.REFERRAL_DRAFTED: "spesped",
            Step.DEPARTMENT_APPROVED: "avdelingsleder",
            Step.PRINCIPAL_APPROVED: "rektor",
            Step.SENT: "spesped",
            Step.ASSESSMENT_RECEIVED: "spesped",
            Step.DECISION_DRAFTED: "avdelingsleder",
            Step.DECISION_APPROVED: "rektor",
            Step.IEP_DONE: "spesped",
            REPORTS: "spesped",
        },
        "iep_days": 30,
        "step_days": 14,
        "keep_half_year_report": False,
    },
}


def _from_preset(name: str, **scope) -> PptRoutine:
    preset = PRESETS[name]
    return PptRoutine(
        preset=name,
        roles={str(k): v for k, v in preset["roles"].items()},
        iep_days=preset["iep_days"],
        step_days=preset["step_days"],
        keep_half_year_report=preset["keep_half_year_report"],
        **scope,
    )


def _from_school_routine(school: School) -> PptRoutine | None:
    deadlines = routine_data_for_school(school).get("deadlines")
    if not deadlines:
        return None
    name = deadlines.get("ppt_preset") if deadlines.get("ppt_preset") in PRESETS else "default"
    routine = _from_preset(name, school=school)
    routine.iep_days = deadlines.get("iep_days", routine.iep_days)
    routine.step_days = deadlines.get("ppt_step_days", routine.step_days)
    routine.keep_half_year_report = deadlines.get("keep_half_year_report", routine.keep_half_year_report)
    return routine


def routine_for_school(school: School) -> PptRoutine:
    """The routine that applies: the school's, else its Laget routine's deadlines, else the
    owner's, else the default preset (unsaved)."""
    routine = PptRoutine.objects.filter(school=school).first() or _from_school_routine(school)
    if routine is None:
        routine = PptRoutine.objects.filter(owner_id=school.owner_id, school__isnull=True).first()
    return routine or _from_preset("default", school=school)


def ppt_routine_apply_preset(*, preset: str, school: School | None = None, owner=None) -> PptRoutine:
    """Set a school's (or owner's) PPT routine from a preset (configuration as data)."""
    if (school is None) == (owner is None):
        raise ValueError("Give exactly one of school or owner.")
    with transaction.atomic():
        if school is not None:
            PptRoutine.objects.filter(school=school).delete()
            routine = _from_preset(preset, school=school)
        else:
            PptRoutine.objects.filter(owner=owner, school__isnull=True).delete()
            routine = _from_preset(preset, owner=owner)
        routine.full_clean()
        routine.save()
    return routine
