"""What each meeting type brings with it: fixed topics, cadence and who decides who takes part.

The school's routine (laget.routines, `data["meeting_types"]`) can name them; without it the
Breivang defaults apply (seed 004 §7: klasselærerråd/triangelmøter at least three times a
half-year with three fixed topics; seed 003 §6: ansvarsgruppe about twice a year, the guardians
decide who takes part).
"""

from django.utils.translation import gettext_lazy as _

from .models import Meeting

DEFAULT_FIXED_TOPICS = {
    Meeting.Kind.TRIANGLE: [_("Læringsmiljø i klassen"), _("Utbytte av opplæringa"), _("Nærværsoppfølging")],
}
DEFAULT_MIN_PER_HALF_YEAR = {Meeting.Kind.TRIANGLE: 3}
DEFAULT_PER_YEAR = {Meeting.Kind.RESPONSIBILITY_GROUP: 2}

GUARDIANS_DECIDE = _("Foresatte avgjør hvem som deltar i ansvarsgruppen. Møtene holdes ca. to ganger i året.")


def _routine_types(school):
    """The routine's meeting types, or None when the school has no routine (then Breivang's defaults)."""
    from laget.routines.selectors import routine_for_school

    version = routine_for_school(school)
    if version is None:
        return None
    return (version.data or {}).get("meeting_types") or []


def has_routine(school) -> bool:
    return _routine_types(school) is not None


def _kind_of(entry) -> str | None:
    """The meeting kind a routine's meeting type is: presets name types by a code that starts with the
    kind ("triangelmote" → triangel, "tverrfaglig_team" → tverrfaglig)."""
    name = str(entry.get("kind") or entry.get("code") or "") if isinstance(entry, dict) else ""
    for kind in Meeting.Kind.values:
        if name == kind or name.startswith(kind):
            return kind
    return None


def routine_kind_choices(school) -> list[tuple[str, str]]:
    """The meeting types the school's routine has, under the routine's own names (Sandnes:
    "Ressursgruppemøte"); all types when the school has no routine."""
    types = _routine_types(school)
    if types is None:
        return list(Meeting.Kind.choices)
    choices = {}
    for entry in types if isinstance(types, list) else []:
        kind = _kind_of(entry)
        if kind and kind not in choices:
            choices[kind] = str(entry.get("name") or Meeting.Kind(kind).label)
    return list(choices.items()) or [(Meeting.Kind.RESOURCE_TEAM, Meeting.Kind.RESOURCE_TEAM.label)]


def kind_name(school, kind: str) -> str:
    """The routine's name for a meeting type, or the generic one."""
    entry = _routine_meeting_type(school, kind)
    return str(entry.get("name") or "") if entry else ""


def meeting_minutes(school, kind: str) -> int | None:
    """How long the routine says this type of meeting is (Hustadvika: 90 minutes), or None."""
    value = _routine_meeting_type(school, kind).get("minutes")
    return value if isinstance(value, int) and value > 0 else None


def agenda_shape(meeting) -> list[dict]:
    """The agenda's parts for this meeting, from the routine: number, name and time budget.

    A resource-team meeting has the routine's parts (part 3 only where the routine has it); a type whose
    routine entry has no parts (tverrfaglig møte, ansvarsgruppe …) has one list without time budgets.
    Without a routine, the resource team gets parts 1 and 2 from the team's settings."""
    from .models import AgendaItem

    entry = _routine_meeting_type(meeting.team.school, meeting.kind)
    parts = entry.get("parts") if entry else None
    if parts:
        return [
            {
                "number": int(p["number"]),
                "name": str(p.get("name") or ""),
                "minutes": p.get("minutes"),
                "optional": bool(p.get("optional")),
            }
            for p in parts
            if isinstance(p, dict) and p.get("number") in AgendaItem.Part.values
        ]
    if meeting.kind == Meeting.Kind.RESOURCE_TEAM and not has_routine(meeting.team.school):
        team = meeting.team
        return [
            {"number": 1, "name": str(AgendaItem.Part.SYSTEM.label), "minutes": team.system_minutes},
            {
                "number": 2,
                "name": str(AgendaItem.Part.INDIVIDUAL.label),
                "minutes": max(meeting.duration_minutes - team.system_minutes, 0),
            },
        ]
    return [{"number": 1, "name": str(_("Saksliste")), "minutes": None}]


def _routine_meeting_type(school, kind: str) -> dict:
    """The routine's settings for a meeting type, or {}."""
    try:
        types = _routine_types(school)
    except Exception:  # noqa: BLE001 - a broken routine must not stop a meeting from being planned
        return {}
    types = types or {}
    if isinstance(types, dict):
        found = types.get(kind)
        return found if isinstance(found, dict) else {}
    if isinstance(types, list):
        for entry in types:
            if _kind_of(entry) == kind:
                return entry
    return {}


def fixed_topics(school, kind: str) -> list[str]:
    topics = _routine_meeting_type(school, kind).get("fixed_topics")
    if isinstance(topics, list) and topics:
        return [str(t.get("title", "") if isinstance(t, dict) else t).strip() for t in topics if t]
    if has_routine(school):
        return []  # the routine decides, and only the routine
    return [str(t) for t in DEFAULT_FIXED_TOPICS.get(kind, [])]


def min_per_half_year(school, kind: str) -> int | None:
    """The routine's minimum per half-year for this meeting type; None when it sets none (no warning).
    Breivang's three triangle meetings apply only to a school without a routine."""
    value = _routine_meeting_type(school, kind).get("min_per_half_year")
    if isinstance(value, int) and value > 0:
        return value
    if has_routine(school):
        return None
    return DEFAULT_MIN_PER_HALF_YEAR.get(kind)
