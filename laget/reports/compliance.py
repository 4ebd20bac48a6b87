"""How a school follows its routine this school year: one line per rule, green / amber / red.

Values come from the school's routine (`laget.routines.selectors.routine_for_school`) when it has
one, else from the team's own settings and the defaults below.
"""

import contextlib
import datetime
import math
import re
import statistics
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases.disclosure import has_consent
from laget.cases.models import Case, Kind
from laget.meetings.models import Meeting, Task
from laget.routines.selectors import routine_for_school

from .figures import COUNTED_STATUSES, school_year_bounds

GREEN, AMBER, RED, GREY = "success", "warning", "danger", "neutral"
# A school year has about 38 teaching weeks of its 52; meetings are expected in those only.
TEACHING_SHARE = 38 / 52
# A meeting is a TGL visit when a guest invited to it (not revoked) comes from a TGL agency (by its
# registered kind, or a name saying TGL / Senter for trygt og godt læringsmiljø), and that guest
# was not registered absent.
TGL_AGENCY = re.compile(r"\btgl\b|trygt og godt", re.IGNORECASE)


@dataclass
class Line:
    code: str
    label: str
    value: str
    detail: str
    color: str


def routine_data(school) -> tuple[dict, object]:
    """(routine data, current routine version) of the school, or ({}, None) when it has no routine."""
    version = routine_for_school(school)
    return (version.data or {}) if version else {}, version


def _resource_team_cadence(data: dict, team) -> int:
    """Weeks between resource-team meetings: the routine's first "ressursteam" type (0 = as needed), else the team's."""
    for t in data.get("meeting_types") or []:
        if isinstance(t, dict) and t.get("code") == "ressursteam" and t.get("cadence_weeks") is not None:
            return int(t["cadence_weeks"])
    return (team.cadence_weeks or 1) if team else 1


def _revised_on(data: dict, version) -> datetime.date | None:
    """The later of the routine's own "last revised" date and the day its current version was saved."""
    dates = []
    last = (data.get("revision") or {}).get("last_revised") or ""
    with contextlib.suppress(ValueError):
        dates.append(datetime.date.fromisoformat(last))
    created = getattr(version, "created_at", None)
    if created is not None:
        dates.append(timezone.localdate(created) if isinstance(created, datetime.datetime) else created)
    return max(dates) if dates else None


def _pct(n, d):
    return f"{round(100 * n / d)} %" if d else "–"


def compliance(school, start_year: int, today: datetime.date | None = None) -> list[Line]:
    """The compliance lines of one school for the school year starting 1 August `start_year`."""
    today = today or timezone.localdate()
    start, end = school_year_bounds(start_year)
    until = min(today, end)
    data, version = routine_data(school)
    team = school.teams.order_by("pk").first()
    lines = []

    meetings = list(
        Meeting.objects.filter(
            team__school=school,
            kind=Meeting.Kind.RESOURCE_TEAM,
            starts_at__date__gte=start,
            starts_at__date__lte=until,
        ).prefetch_related("guest_invitations__agency", "attendance")
    )
    held = [m for m in meetings if m.status in COUNTED_STATUSES]

    # Meetings held against the cadence.
    cadence = _resource_team_cadence(data, team)
    elapsed_weeks = max(0, (until - start).days + 1) / 7
    expected = math.floor(elapsed_weeks * TEACHING_SHARE / cadence) if cadence else 0
    if expected == 0:
        color = GREY
    else:
        color = GREEN if len(held) >= expected else AMBER if len(held) >= 0.75 * expected else RED
    lines.append(
        Line(
            "cadence",
            _("Møter holdt"),
            f"{len(held)} / {expected}",
            (
                _("Møte hver %(n)s. uke: omtrent %(expected)s møter ventet hittil i skoleåret (38 skoleuker).")
                % {"n": cadence, "expected": expected}
                if cadence
                else _("Rutinen sier møter ved behov.")
            ),
            color,
        )
    )

    # Invitations: days between sending and the meeting.
    leads = [(m.starts_at - m.invitation_sent_at).days for m in held if m.invitation_sent_at]
    missing = len(held) - len(leads)
    wanted = team.invitation_days_ahead if team else 3
    median = statistics.median(leads) if leads else None
    if not held:
        color = GREY
    elif missing == 0 and median >= wanted:
        color = GREEN
    elif leads and missing <= len(held) / 4 and median >= 1:
        color = AMBER
    else:
        color = RED
    lines.append(
        Line(
            "invitations",
            _("Innkalling sendt i forkant"),
            _("median %(days)s dager") % {"days": median} if median is not None else "–",
            _("%(missing)s møter uten innkalling. Rutinen: %(wanted)s dager før.")
            % {"missing": missing, "wanted": wanted},
            color,
        )
    )

    # Minutes approved.
    approved = sum(1 for m in held if m.status == Meeting.Status.APPROVED)
    share = approved / len(held) if held else None
    color = GREY if share is None else GREEN if share == 1 else AMBER if share >= 0.8 else RED
    lines.append(
        Line(
            "minutes",
            _("Referat godkjent"),
            _pct(approved, len(held)),
            _("%(approved)s av %(held)s gjennomførte møter.") % {"approved": approved, "held": len(held)},
            color,
        )
    )

    # Tasks overdue.
    overdue = Task.objects.filter(school=school, done_at__isnull=True, deadline__lt=today).count()
    lines.append(
        Line(
            "tasks",
            _("Oppgaver over frist"),
            str(overdue),
            _("Oppgaver i loggen som ikke er gjort innen fristen."),
            GREEN if overdue == 0 else AMBER if overdue <= 3 else RED,
        )
    )

    # Open individual cases without valid consent for team discussion.
    open_cases = (
        Case.objects.filter(school=school, kind=Kind.INDIVIDUAL, status=Case.Status.OPEN)
        .select_related("student")
        .prefetch_related("consents")
    )
    unnamed = sum(1 for c in open_cases if not has_consent(c, on=today))
    lines.append(
        Line(
            "consent",
            _("Åpne individsaker uten gyldig samtykke"),
            str(unnamed),
            _("Drøftes bare anonymt til samtykke fra foresatte er registrert."),
            GREEN if unnamed == 0 else AMBER,
        )
    )

    # TGL visits.
    visits = sum(1 for m in held if _is_tgl_visit(m))
    required = data.get("tgl_visits_per_year")
    if not required:
        color, wanted_text = GREY, _("Rutinen stiller ikke krav.")
    else:
        year_share = min(1, max(0, (until - start).days + 1) / ((end - start).days + 1))
        on_track = math.floor(required * year_share)
        color = GREEN if visits >= required else AMBER if visits >= on_track else RED
        wanted_text = _("Rutinen: minst %(n)s per skoleår.") % {"n": required}
    lines.append(Line("tgl", _("Besøk fra TGL"), str(visits), wanted_text, color))

    # Routine revised this school year.
    revised = _revised_on(data, version) if version is not None else None
    yearly = (data.get("revision") or {}).get("yearly", True)
    if revised is None:
        value, color = _("ukjent"), GREY
    else:
        value = revised.strftime("%d.%m.%Y")
        color = GREEN if start <= revised <= end else (RED if yearly else GREY)
    lines.append(Line("revision", _("Rutinen revidert"), value, _("Rutinen skal revideres hvert skoleår."), color))
    return lines


def _is_tgl(invitation) -> bool:
    if invitation.agency_id and invitation.agency.kind == "tgl":
        return True
    return bool(TGL_AGENCY.search(invitation.agency_name or ""))


def _is_tgl_visit(meeting) -> bool:
    absent = {a.user_id for a in meeting.attendance.all() if a.status == "absent"}
    return any(
        g.revoked_at is None and _is_tgl(g) and g.guest_id not in absent for g in meeting.guest_invitations.all()
    )
