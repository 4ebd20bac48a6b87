"""Reads of the annual wheel and the routine descriptions, scoped to the user's team schools.

Both are school-internal: the school's resource team reads them, anyone else gets 404.
"""

import datetime
import math

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.meetings.kinds import min_per_half_year, routine_kind_choices
from laget.meetings.models import Meeting
from laget.organisations.access import Access
from laget.organisations.models import School

from .dates import calendar_year, item_due, month_bounds, school_year_of
from .models import SCHOOL_MONTHS, RoutineDescription, WheelItem, WheelRun

MONTH_NAMES = {
    1: "januar",
    2: "februar",
    3: "mars",
    4: "april",
    5: "mai",
    6: "juni",
    7: "juli",
    8: "august",
    9: "september",
    10: "oktober",
    11: "november",
    12: "desember",
}


def wheel_school(access: Access, school_id=None) -> School:
    """The school whose wheel the user reads: the one asked for, or their first team school. 404 otherwise."""
    ids = sorted(access.team_school_ids)
    if school_id not in (None, ""):
        try:
            wanted = int(school_id)
        except (TypeError, ValueError):
            raise Http404 from None
        if wanted not in ids:
            raise Http404
        ids = [wanted]
    if not ids:
        raise Http404
    return School.objects.get(pk=ids[0])


def wheel_item_get(access: Access, pk) -> WheelItem:
    item = WheelItem.objects.filter(pk=pk, school_id__in=access.team_school_ids).first()
    if item is None:
        raise Http404
    return item


def routine_descriptions_for(access: Access, school: School):
    if school.pk not in access.team_school_ids:
        raise Http404
    return RoutineDescription.objects.filter(school=school).select_related("updated_by")


def routine_description_get(access: Access, pk) -> RoutineDescription:
    description = (
        RoutineDescription.objects.filter(pk=pk, school_id__in=access.team_school_ids)
        .select_related("school", "updated_by")
        .prefetch_related("activities")
        .first()
    )
    if description is None:
        raise Http404
    return description


def _status(item: WheelItem, run: WheelRun | None) -> tuple[str, str]:
    if run is None:
        return "open", _("Ikke aktivert")
    if run.task_id and run.task and run.task.done_at:
        return "done", _("Utført")
    meeting = run.meeting
    if meeting is not None and meeting.status in (Meeting.Status.HELD, Meeting.Status.APPROVED):
        return "done", _("Gjennomført")
    return "planned", _("Planlagt")


def _polar(cx, cy, r, angle_deg):
    a = math.radians(angle_deg)
    return round(cx + r * math.cos(a), 2), round(cy + r * math.sin(a), 2)


def _segment_path(i: int, r_out: float, r_in: float, c: float = 200, gap: float = 0.8) -> str:
    start, end = -90 + i * 30 + gap, -90 + (i + 1) * 30 - gap
    x1, y1 = _polar(c, c, r_out, start)
    x2, y2 = _polar(c, c, r_out, end)
    x3, y3 = _polar(c, c, r_in, end)
    x4, y4 = _polar(c, c, r_in, start)
    return f"M{x1},{y1} A{r_out},{r_out} 0 0 1 {x2},{y2} L{x3},{y3} A{r_in},{r_in} 0 0 0 {x4},{y4} Z"


def year_view(school: School, year: int, today: datetime.date | None = None) -> dict:
    """The school year `year` (Aug `year` → Jul `year`+1) as 12 months with their items, each with its
    date and status, the geometry of the ring, today's mark and the meeting-type checks. Four queries."""
    today = today or timezone.localdate()
    team = school.teams.order_by("pk").first()
    weekday = team.meeting_weekday if team else 1
    items = list(WheelItem.objects.filter(school=school).select_related("owner", "owner_role").order_by("month", "pk"))
    runs = {
        r.item_id: r for r in WheelRun.objects.filter(item__school=school, year=year).select_related("meeting", "task")
    }
    months = []
    for index, month in enumerate(SCHOOL_MONTHS):
        first, last = month_bounds(month, year)
        month_items = []
        for item in (i for i in items if i.month == month):
            run = runs.get(item.pk)
            state, state_label = _status(item, run)
            month_items.append(
                {
                    "item": item,
                    "run": run,
                    "due": run.due if run else item_due(item, year, weekday),
                    "state": state,
                    "state_label": state_label,
                    "kind_class": item.meeting_kind if item.creates == "meeting" else item.creates,
                }
            )
        month_items.sort(key=lambda e: (e["due"], e["item"].pk))
        label_x, label_y = _polar(200, 200, 96, -90 + index * 30 + 15)
        for n, entry in enumerate(month_items):
            # dots spread over the month's arc, in two rings when the month is busy
            ring = 162 if n % 2 == 0 else 138
            slots = max(len(month_items), 1)
            angle = -90 + index * 30 + 4 + (22 * (n + 0.5) / slots)
            entry["x"], entry["y"] = _polar(200, 200, ring, angle)
        months.append(
            {
                "number": month,
                "name": MONTH_NAMES[month],
                "year": calendar_year(month, year),
                "is_current": first <= today <= last,
                "items": month_items,
                "path": _segment_path(index, 180, 120),
                "label_x": label_x,
                "label_y": label_y,
            }
        )
    today_mark = None
    if school_year_of(today) == year:
        index = SCHOOL_MONTHS.index(today.month)
        first, last = month_bounds(today.month, year)
        angle = -90 + (index + (today.day - 0.5) / last.day) * 30
        x1, y1 = _polar(200, 200, 112, angle)
        x2, y2 = _polar(200, 200, 190, angle)
        tx, ty = _polar(200, 200, 198, angle)
        today_mark = {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "tx": tx, "ty": ty, "date": today}
    return {
        "year": year,
        "label": f"{year}/{str(year + 1)[-2:]}",
        "months": months,
        "today": today,
        "today_mark": today_mark,
        "item_count": len(items),
        "checks": meeting_checks(school, year),
    }


def meeting_checks(school: School, year: int) -> list[dict]:
    """Klasselærerråd/triangelmøter: at least N per half-year (seed 004 §7, N from the routine);
    ansvarsgruppemøter: about twice a year (seed 003). Counted from the meetings planned or held."""
    autumn = (datetime.date(year, 8, 1), datetime.date(year, 12, 31))
    spring = (datetime.date(year + 1, 1, 1), datetime.date(year + 1, 7, 31))
    meetings = list(
        Meeting.objects.filter(
            Q(kind=Meeting.Kind.TRIANGLE) | Q(kind=Meeting.Kind.RESPONSIBILITY_GROUP),
            team__school=school,
            starts_at__date__gte=autumn[0],
            starts_at__date__lte=spring[1],
        ).values_list("kind", "starts_at")
    )
    required = min_per_half_year(school, Meeting.Kind.TRIANGLE)
    checks = []
    # The school's routine decides which checks there are: no minimum in the routine, no warning.
    halves = ((_("Høsthalvåret"), autumn), (_("Vårhalvåret"), spring)) if required else ()
    for label, (start, end) in halves:
        count = sum(
            1
            for kind, at in meetings
            if kind == Meeting.Kind.TRIANGLE and start <= timezone.localtime(at).date() <= end
        )
        checks.append(
            {
                "label": _("Klasselærerråd / triangelmøter, %(half)s") % {"half": label.lower()},
                "count": count,
                "required": required,
                "ok": count >= required,
                "text": _("%(count)s av minst %(required)s") % {"count": count, "required": required},
            }
        )
    groups = sum(1 for kind, _at in meetings if kind == Meeting.Kind.RESPONSIBILITY_GROUP)
    kinds = {kind for kind, _label in routine_kind_choices(school)}
    if Meeting.Kind.RESPONSIBILITY_GROUP not in kinds:
        return checks
    checks.append(
        {
            "label": _("Ansvarsgruppemøter i skoleåret"),
            "count": groups,
            "required": None,
            "ok": None,
            "text": _(
                "%(count)s planlagt eller holdt. Ca. to ganger i året per ansvarsgruppe; foresatte avgjør "
                "hvem som deltar."
            )
            % {"count": groups},
        }
    )
    return checks
