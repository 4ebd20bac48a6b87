"""Bærum's seven key figures (nøkkeltall, seed 001), computed from what was recorded — never typed.

The figures are computed for a set of resource-team meetings: one meeting (after every meeting),
or every counted meeting of a school (or of several schools) in a school year (1 August – 31 July).

Which meetings count: meetings of kind "ressursteam" whose status is held or approved
(gjennomført / referat godkjent), on a team of the school, starting within the period.

The seven figures (numbering as in the routine):

1. **Time from first concern to closure or referral.** For a case: days from
   `Case.first_concern_date` to its *end*, the earlier of `Case.closed_on` and the date of the
   "sent to PPT" step of its PPT process (`PptStep.step == "sent"`). For a period: every case
   of the school whose end falls in the period. For a meeting: every case on its agenda; a case
   that has not ended shows the days so far (to the meeting's date) and is left out of the median.
   Shown per case and as the median of ended cases.
2. **System cases discussed.** Per meeting: distinct system cases on part 1 (Systemarbeid) items,
   plus part 1 topic items without a case (a theme is a system matter). A period sums its meetings.
3. **System measures started.** Measures with level "system" on *system* cases (hour 1). Started in
   a meeting: the measure's action plan was written for that meeting (`ActionPlan.meeting`). Started
   in a period: its start day is in the period — the date of its action plan's meeting, else the
   action plan's `date_discussed`, else `Measure.start_date`, else the day it was recorded.
4. **Staff benefiting from each measure.** `Measure.staff_benefiting` for each measure of (3);
   the sum, and how many measures have no number recorded.
5. **Individual cases discussed.** Per meeting: distinct individual cases on part 2 (Individarbeid)
   items. A period sums its meetings.
6. **System measures tied to individual cases.** As (3), for level "system" measures on individual cases.
7. **Individual measures tied to individual cases.** As (3), for level "individ" measures on individual cases.

Every figure is also broken down by case area (`Case.area`, Sandnes' four areas); topic items and
cases without an area fall under "" (no area).
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min, Q
from django.utils import timezone

from laget.cases.models import Case, Kind, Measure
from laget.meetings.models import AgendaItem, Meeting
from laget.ppt.models import Step

COUNTED_STATUSES = (Meeting.Status.HELD, Meeting.Status.APPROVED)


def school_year_of(day: datetime.date) -> int:
    """The starting calendar year of the school year `day` falls in (1 Aug – 31 Jul)."""
    return day.year if day.month >= 8 else day.year - 1


def school_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 8, 1), datetime.date(start_year + 1, 7, 31)


def school_year_label(start_year: int) -> str:
    return f"{start_year}/{str(start_year + 1)[-2:]}"


@dataclass
class CaseTime:
    case_id: int
    number: int
    school_id: int
    kind: str
    area: str
    first_concern: datetime.date
    ended_on: datetime.date | None
    end_kind: str  # "closed", "referral" or "" (not ended)
    days: int


@dataclass
class MeasureRow:
    measure_id: int
    case_number: int
    area: str
    description: str
    staff_benefiting: int | None


@dataclass
class Figures:
    """The seven figures for one set of meetings / one period. See the module docstring."""

    case_times: list = field(default_factory=list)  # (1)
    system_cases: int = 0  # (2)
    system_measures: list = field(default_factory=list)  # (3), rows also give (4)
    individual_cases: int = 0  # (5)
    system_measures_individual: int = 0  # (6)
    individual_measures_individual: int = 0  # (7)

    @property
    def ended(self) -> list:
        return [c for c in self.case_times if c.ended_on is not None]

    @property
    def median_days(self):
        days = [c.days for c in self.ended]
        if not days:
            return None
        median = statistics.median(days)
        return int(median) if median == int(median) else median

    @property
    def system_measures_started(self) -> int:
        return len(self.system_measures)

    @property
    def staff_benefiting_total(self) -> int:
        return sum(m.staff_benefiting or 0 for m in self.system_measures)

    @property
    def staff_benefiting_missing(self) -> int:
        return sum(1 for m in self.system_measures if m.staff_benefiting is None)


@dataclass
class Report:
    total: Figures
    by_area: dict  # area code → Figures
    by_meeting: dict  # meeting id → Figures
    meetings: list
    cases_by_area: dict = field(default_factory=dict)  # area → cases with first concern in the period
    by_school: dict = field(default_factory=dict)  # school id → Figures (the owner's page, same queries)


def counted_meetings(school_ids, start: datetime.date, end: datetime.date):
    return (
        Meeting.objects.filter(
            team__school_id__in=school_ids,
            kind=Meeting.Kind.RESOURCE_TEAM,
            status__in=COUNTED_STATUSES,
            starts_at__date__gte=start,
            starts_at__date__lte=end,
        )
        .select_related("team", "team__school")
        .order_by("starts_at", "pk")
    )


def _cases_with_end():
    return Case.objects.annotate(
        referral_sent=Min("ppt_processes__steps__date", filter=Q(ppt_processes__steps__step=Step.SENT))
    )


def _case_time(case, until: datetime.date | None = None) -> CaseTime:
    ends = [(d, k) for d, k in ((case.closed_on, "closed"), (case.referral_sent, "referral")) if d is not None]
    ended_on, end_kind = min(ends) if ends else (None, "")
    stop = ended_on or until or timezone.localdate()
    return CaseTime(
        case_id=case.pk,
        number=case.number,
        school_id=case.school_id,
        kind=case.kind,
        area=case.area,
        first_concern=case.first_concern_date,
        ended_on=ended_on,
        end_kind=end_kind,
        days=(stop - case.first_concern_date).days,
    )


def _measure_start_day(m) -> datetime.date:
    plan = m.action_plan
    if plan is not None and plan.meeting is not None:
        return timezone.localdate(plan.meeting.starts_at)
    if plan is not None:
        return plan.date_discussed
    return m.start_date or timezone.localdate(m.created_at)


def _add_items(add, items):
    """(2) and (5) from agenda item rows of one meeting; `add(area, figure_name)` counts one."""
    seen = set()
    for it in items:
        if it["part"] == AgendaItem.Part.SYSTEM:
            if it["case_id"] is None and it["kind"] == AgendaItem.Kind.TOPIC:
                add("", "system_cases")
            elif it["case_id"] is not None and it["case__kind"] == Kind.SYSTEM and it["case_id"] not in seen:
                seen.add(it["case_id"])
                add(it["case__area"], "system_cases")
        elif (
            it["part"] == AgendaItem.Part.INDIVIDUAL
            and it["case_id"] is not None
            and it["case__kind"] == Kind.INDIVIDUAL
            and it["case_id"] not in seen
        ):
            seen.add(it["case_id"])
            add(it["case__area"], "individual_cases")


def _add_measure(fig, m):
    """(3)/(4), (6) and (7) for one measure."""
    if m.case.kind == Kind.SYSTEM and m.level == Measure.Level.SYSTEM:
        fig.system_measures.append(MeasureRow(m.pk, m.case.number, m.case.area, m.description, m.staff_benefiting))
    elif m.case.kind == Kind.INDIVIDUAL and m.level == Measure.Level.SYSTEM:
        fig.system_measures_individual += 1
    elif m.case.kind == Kind.INDIVIDUAL and m.level == Measure.Level.INDIVIDUAL:
        fig.individual_measures_individual += 1


def compute(school_ids, start: datetime.date, end: datetime.date) -> Report:
    """The figures of the schools' counted meetings in [start, end], per meeting, per area and in total.

    A fixed number of queries however many meetings, items and measures there are."""
    school_ids = list(school_ids)
    meetings = list(counted_meetings(school_ids, start, end))
    meeting_ids = [m.pk for m in meetings]
    total, by_area, by_school = Figures(), defaultdict(Figures), defaultdict(Figures)
    by_meeting = {pk: Figures() for pk in meeting_ids}
    school_of_meeting = {m.pk: m.team.school_id for m in meetings}

    items_by_meeting = defaultdict(list)
    for it in AgendaItem.objects.filter(meeting_id__in=meeting_ids).values(
        "meeting_id", "part", "kind", "case_id", "case__kind", "case__area"
    ):
        items_by_meeting[it["meeting_id"]].append(it)
    for pk, items in items_by_meeting.items():

        def add(area, name, pk=pk):
            for fig in (total, by_area[area], by_meeting[pk], by_school[school_of_meeting[pk]]):
                setattr(fig, name, getattr(fig, name) + 1)

        _add_items(add, items)

    measures = (
        Measure.objects.filter(case__school_id__in=school_ids)
        .filter(
            Q(action_plan__meeting__starts_at__date__gte=start, action_plan__meeting__starts_at__date__lte=end)
            | Q(
                action_plan__isnull=False,
                action_plan__meeting__isnull=True,
                action_plan__date_discussed__gte=start,
                action_plan__date_discussed__lte=end,
            )
            | Q(action_plan__isnull=True, start_date__gte=start, start_date__lte=end)
            | Q(
                action_plan__isnull=True,
                start_date__isnull=True,
                created_at__date__gte=start,
                created_at__date__lte=end,
            )
        )
        .select_related("case", "action_plan", "action_plan__meeting")
        .order_by("pk")
    )
    for m in measures:
        if not (start <= _measure_start_day(m) <= end):
            continue
        _add_measure(total, m)
        _add_measure(by_area[m.case.area], m)
        _add_measure(by_school[m.case.school_id], m)
        meeting_id = m.action_plan.meeting_id if m.action_plan else None
        if meeting_id in by_meeting:
            _add_measure(by_meeting[meeting_id], m)

    ended = (
        _cases_with_end()
        .filter(school_id__in=school_ids)
        .filter(Q(closed_on__gte=start, closed_on__lte=end) | Q(referral_sent__gte=start, referral_sent__lte=end))
    )
    for case in ended.order_by("pk"):
        ct = _case_time(case)
        if start <= ct.ended_on <= end:
            total.case_times.append(ct)
            by_area[ct.area].case_times.append(ct)
            by_school[ct.school_id].case_times.append(ct)

    # (1) per meeting: the cases on its agenda, ended or with the days so far.
    agenda_cases = defaultdict(set)
    for pk, items in items_by_meeting.items():
        for it in items:
            if it["case_id"] is not None:
                agenda_cases[it["case_id"]].add(pk)
    if agenda_cases:
        dates = {m.pk: timezone.localdate(m.starts_at) for m in meetings}
        for case in _cases_with_end().filter(pk__in=agenda_cases).order_by("number"):
            for pk in sorted(agenda_cases[case.pk]):
                by_meeting[pk].case_times.append(_case_time(case, until=dates[pk]))

    cases_by_area = defaultdict(int)
    for area in Case.objects.filter(
        school_id__in=school_ids, first_concern_date__gte=start, first_concern_date__lte=end
    ).values_list("area", flat=True):
        cases_by_area[area] += 1
    return Report(
        total=total,
        by_area=dict(by_area),
        by_meeting=by_meeting,
        meetings=meetings,
        cases_by_area=dict(cases_by_area),
        by_school=dict(by_school),
    )


def compute_meeting(meeting) -> Figures:
    """The figures after one meeting (whatever its status: it may be looked at during the meeting)."""
    day = timezone.localdate(meeting.starts_at)
    school_id = meeting.team.school_id
    fig = Figures()
    items = list(
        AgendaItem.objects.filter(meeting=meeting).values(
            "meeting_id", "part", "kind", "case_id", "case__kind", "case__area"
        )
    )
    _add_items(lambda area, name: setattr(fig, name, getattr(fig, name) + 1), items)
    for m in (
        Measure.objects.filter(case__school_id=school_id, action_plan__meeting=meeting)
        .select_related("case", "action_plan", "action_plan__meeting")
        .order_by("pk")
    ):
        _add_measure(fig, m)
    case_ids = {it["case_id"] for it in items if it["case_id"] is not None}
    for case in _cases_with_end().filter(pk__in=case_ids).order_by("number"):
        fig.case_times.append(_case_time(case, until=day))
    return fig
