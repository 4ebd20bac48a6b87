"""Writes of routines: load a preset, edit (a new version), apply to the school's team."""

from django.db import transaction
from django.utils.translation import gettext as _

from laget.organisations.models import Membership, Role, School, Team

from .models import Routine, RoutineAssignment, RoutineVersion
from .presets import preset_data, team_meeting, validate


def routine_version_add(*, routine: Routine, data: dict, user=None, note: str = "") -> RoutineVersion:
    """Add a version (never edits a stored one, so cases keep the rules they ran under).
    Returns the current version unchanged when the data is the same."""
    validate(data)
    with transaction.atomic():
        Routine.objects.select_for_update().filter(pk=routine.pk).first()
        current = routine.current
        if current is not None and current.data == data:
            return current
        version = RoutineVersion(
            routine=routine, number=(current.number + 1) if current else 1, data=data, created_by=user, note=note
        )
        version.full_clean()
        version.save()
    return version


def routine_apply(*, school: School, version: RoutineVersion) -> None:
    """Apply a routine to the school: team cadence from the resource-team meeting type, missing
    roles created, empty responsibility texts filled in from the routine."""
    data = version.data
    meeting = team_meeting(data)
    teams = list(Team.objects.filter(school=school))
    for team in teams:
        if meeting:
            parts = meeting.get("parts") or []
            system = next((p["minutes"] for p in parts if p.get("number") == 1), None)
            team.meeting_minutes = meeting["minutes"] or team.meeting_minutes
            team.cadence_weeks = meeting["cadence_weeks"] or team.cadence_weeks
            if system is not None:
                team.system_minutes = min(system, team.meeting_minutes)
        team.max_individual_cases = (data.get("limits") or {}).get("max_individual_cases")
        team.full_clean()
        team.save()
    responsibilities = {}
    for spec in data["roles"]:
        Role.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "leads_team": spec.get("leads_team", False),
                "sees_restricted": spec.get("sees_restricted", False),
            },
        )
        responsibilities[spec["code"]] = spec.get("responsibility", "")
    for membership in Membership.objects.filter(team__in=teams, responsibility="").select_related("role"):
        text = responsibilities.get(membership.role.code)
        if text:
            membership.responsibility = text
            membership.save(update_fields=["responsibility"])


def routine_assign(*, school: School, routine: Routine) -> None:
    RoutineAssignment.objects.update_or_create(school=school, defaults={"routine": routine})


def routine_load_preset(*, school: School, preset: str, user=None) -> RoutineVersion:
    """Create or update the school's routine from a preset, assign and apply it. Idempotent:
    loading the same preset twice adds no version."""
    data = preset_data(preset)
    with transaction.atomic():
        routine, _created = Routine.objects.get_or_create(school=school, defaults={"name": data["name"]})
        if routine.preset != preset or routine.name != data["name"]:
            routine.preset, routine.name = preset, data["name"]
            routine.save(update_fields=["preset", "name"])
        note = _("Lastet fra malen «%(name)s»") % {"name": data["name"]}
        version = routine_version_add(routine=routine, data=data, user=user, note=note)
        routine_assign(school=school, routine=routine)
        routine_apply(school=school, version=version)
    return version


def routine_edit(*, school: School, version: RoutineVersion, changes: dict, user, note: str = "") -> RoutineVersion:
    """Edit the main settings of the school's routine: a new version, applied at once."""
    data = dict(version.data)
    data.update(changes)
    with transaction.atomic():
        new = routine_version_add(routine=version.routine, data=data, user=user, note=note)
        routine_apply(school=school, version=new)
    return new
