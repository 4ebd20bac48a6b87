"""Reads of ladders and of where a case stands on its ladder."""

from django.apps import apps

from laget.organisations.access import Access

from .models import CaseLevel, Ladder, LadderMove, SchoolLadder


def _routine_ladder_code(school) -> str | None:
    """The ladder code the school's routine names, or None (also before laget.routines is installed)."""
    if not apps.is_installed("laget.routines"):
        return None
    try:
        from laget.routines.selectors import routine_for_school
    except ImportError:
        return None
    version = routine_for_school(school)
    if version is None:
        return None
    return (version.data or {}).get("escalation_ladder") or None


def ladder_for_school(school) -> Ladder | None:
    """The school's routine's ladder if it names one, else the school's default (SchoolLadder), else None."""
    code = _routine_ladder_code(school)
    if code:
        ladder = Ladder.objects.filter(code=code).first()
        if ladder is not None:
            return ladder
    default = SchoolLadder.objects.filter(school=school).select_related("ladder").first()
    return default.ladder if default else None


def case_level(case) -> CaseLevel | None:
    return CaseLevel.objects.filter(case=case).select_related("ladder", "level").first()


def ladder_for_case(case) -> Ladder | None:
    """A case keeps the ladder it was first placed on; before that, the school's ladder."""
    current = case_level(case)
    return current.ladder if current else ladder_for_school(case.school)


def may_move_case(access: Access, case) -> bool:
    """Only members of the case's school's team move cases on the ladder."""
    return access.is_team_member(case.school_id)


def moves_for_case(case):
    return LadderMove.objects.filter(case=case).select_related("from_level", "to_level", "moved_by", "ladder")


def ladder_panel(access: Access, case) -> dict:
    """Everything the case page shows about the ladder (the caller has already checked the case is visible)."""
    current = case_level(case)
    ladder = current.ladder if current else ladder_for_school(case.school)
    levels = list(ladder.levels.all()) if ladder else []
    return {
        "ladder": ladder,
        "levels": levels,
        "current": current.level if current else None,
        "version": current.version if current else 0,
        "moves": list(moves_for_case(case)),
        "may_move": bool(ladder) and may_move_case(access, case) and case.status == case.Status.OPEN,
    }
