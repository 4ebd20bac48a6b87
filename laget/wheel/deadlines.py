"""Deadline provider for the annual wheel: key "wheel:<item id>:<school year>".

An item of the current school year is open until what it created is done: never activated, or its
meeting (or the meeting its agenda item is on) not yet held. An item that created a task is left to
the task provider ("task:<id>"), so nobody is reminded twice. A few queries regardless of rows.
"""

from django.urls import reverse
from django.utils import timezone

from laget.deadlines.registry import DeadlineItem, register
from laget.meetings.models import Meeting
from laget.organisations.models import Membership, Team

from .dates import item_due, school_year_of
from .models import WheelItem, WheelRun

OPEN_MEETING = (Meeting.Status.PLANNED, Meeting.Status.INVITED)


@register("wheel")
def wheel_deadlines(*, school_ids=None, owner_id=None, until=None, today=None):
    today = today or timezone.localdate()
    year = school_year_of(today)
    items = WheelItem.objects.all()
    if school_ids is not None:
        items = items.filter(school_id__in=list(school_ids))
    items = list(items.order_by("pk"))
    if not items:
        return
    schools = {i.school_id for i in items}
    runs = {
        r.item_id: r for r in WheelRun.objects.filter(item__school_id__in=schools, year=year).select_related("meeting")
    }
    weekday = {}
    for team in Team.objects.filter(school_id__in=schools).order_by("-pk"):
        weekday[team.school_id] = team.meeting_weekday
    by_role: dict[tuple[int, int], int] = {}
    lead: dict[int, int] = {}
    for m in (
        Membership.objects.filter(team__school_id__in=schools, active=True)
        .select_related("role", "team")
        .order_by("-pk")
    ):
        by_role[(m.team.school_id, m.role_id)] = m.user_id
        if m.role.leads_team:
            lead[m.team.school_id] = m.user_id
    wheel_url = reverse("wheel:year")
    for item in items:
        run = runs.get(item.pk)
        if run is not None:
            if run.task_id or run.meeting is None or run.meeting.status not in OPEN_MEETING:
                continue
            due = run.due
            url = reverse("meetings:meeting_detail", args=[run.meeting_id])
        else:
            due = item_due(item, year, weekday.get(item.school_id, 1))
            url = f"{wheel_url}?skole={item.school_id}&ar={year}"
        owner = item.owner_id or by_role.get((item.school_id, item.owner_role_id)) or lead.get(item.school_id)
        if owner is None:
            continue
        if owner_id is not None and owner != owner_id:
            continue
        if until is not None and due > until:
            continue
        yield DeadlineItem(
            key=f"wheel:{item.pk}:{year}",
            kind="wheel",
            school_id=item.school_id,
            owner_id=owner,
            due=due,
            title=item.title,
            url=url,
        )
