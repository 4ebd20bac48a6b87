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


def _routine_meeting_type(school, kind: str) -> dict:
    """The routine's settings for a meeting type, or {} (the routines app may not be there yet)."""
    try:
        from laget.routines.selectors import routine_for_school
    except ImportError:
        return {}
    try:
        version = routine_for_school(school)
    except Exception:  # noqa: BLE001 - a broken routine must not stop a meeting from being planned
        return {}
    types = (getattr(version, "data", None) or {}).get("meeting_types") or {}
    if isinstance(types, dict):
        found = types.get(kind)
        return found if isinstance(found, dict) else {}
    if isinstance(types, list):
        for entry in types:
            # Presets name meeting types by a code ("triangelmote") that starts with the kind ("triangel").
            name = str(entry.get("kind") or entry.get("code") or "") if isinstance(entry, dict) else ""
            if name == kind or name.startswith(kind):
                return entry
    return {}


def fixed_topics(school, kind: str) -> list[str]:
    topics = _routine_meeting_type(school, kind).get("fixed_topics")
    if isinstance(topics, list) and topics:
        return [str(t.get("title", "") if isinstance(t, dict) else t).strip() for t in topics if t]
    return [str(t) for t in DEFAULT_FIXED_TOPICS.get(kind, [])]


def min_per_half_year(school, kind: str) -> int | None:
    value = _routine_meeting_type(school, kind).get("min_per_half_year")
    if isinstance(value, int) and value > 0:
        return value
    return DEFAULT_MIN_PER_HALF_YEAR.get(kind)
