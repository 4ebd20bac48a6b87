"""Reads of the routine a school runs.

`routine_for_school(school)` returns the latest `RoutineVersion` of the routine assigned to the
school, or None (callers then use their own defaults). `RoutineVersion.data` is a dict with
these keys (all present in every preset; `laget.routines.validation.validate` checks them):

- "roles": list of {"code", "name", "responsibility", "fixed": bool}. Team composition; `code`
  is an `organisations.Role.code` (created when missing), `responsibility` is the text the routine
  gives the role (Sandnes lists one per role).
- "invited_agencies": list of {"name", "note"} — agencies invited when needed or by rota.
- "meeting_types": list of {"code", "name", "cadence_weeks", "minutes", "parts": [{"number",
  "name", "minutes"}], optional "min_per_half_year", "fixed_topics", "optional": bool per part}.
  The first type with code "ressursteam" sets the team's cadence; `cadence_weeks` 0 = as needed,
  4 = monthly.
- "referral_categories": list of {"code", "label"} — the referral form's challenge checkboxes.
- "consent": {"required_before_named": bool, "written": bool, "scopes": [consent scope codes]}.
- "escalation_ladder": ladder code ("oslo_six", "bti", …) or None.
- "attendance_ladder": attendance ladder preset code ("breivang") or None.
- "annual_wheel": list of {"month", optional "week", "title", "owner_role",
  "creates": "meeting" | "agenda_item" | "task"}.
- "deadlines": {"iep_days", "keep_half_year_report", "half_year_report" "DD.MM",
  "annual_report" "DD.MM", "task_reminder_days_before", "ppt_step_days", "ppt_preset"}.
- "key_figures": "baerum" or None.
- "case_areas": list of {"code", "label"} (Case.Area codes), may be empty.
- "tgl_visits_per_year": int (Sandnes: 2), 0 when not part of the routine.
- "revision": {"yearly": bool, "last_revised": "YYYY-MM-DD" or ""}.
- "retention_years": int — years a closed case is kept (laget.privacy.retention).
- "documents": {"referral", "minutes", "consent", "invitation", …} — titles of the forms.
- "limits": {"max_individual_cases": int or None}.
"""

from laget.organisations.models import School

from .models import RoutineAssignment, RoutineVersion


def routine_for_school(school: School | int | None) -> RoutineVersion | None:
    """The current version of the routine assigned to the school, or None."""
    if school is None:
        return None
    school_id = school if isinstance(school, int) else school.pk
    assignment = RoutineAssignment.objects.filter(school_id=school_id).only("routine_id").first()
    if assignment is None:
        return None
    return RoutineVersion.objects.filter(routine_id=assignment.routine_id).order_by("-number").first()


def routine_data_for_school(school) -> dict:
    """The current routine data of the school, or {} when none is assigned."""
    version = routine_for_school(school)
    return version.data if version else {}


def versions_of(routine) -> list[RoutineVersion]:
    return list(routine.versions.select_related("created_by").order_by("-number"))


def retention_years_by_school() -> dict[int, int]:
    """School id → retention_years of its current routine, for schools that have one."""
    result = {}
    for assignment in RoutineAssignment.objects.only("school_id", "routine_id"):
        version = RoutineVersion.objects.filter(routine_id=assignment.routine_id).order_by("-number").first()
        if version and version.data.get("retention_years"):
            result[assignment.school_id] = int(version.data["retention_years"])
    return result
