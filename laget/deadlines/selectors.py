"""Reads for the deadline pages and the calendar feed, scoped to what the user may see.

Team leads and members see every open deadline of their school; everyone sees their own.
Deadline titles never name a student, so these pages show no student data (no access-log rows).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laget.meetings.models import Meeting
from laget.organisations.access import Access

from .models import CalendarFeed
from .registry import DeadlineItem, open_deadlines

User = get_user_model()

KIND_LABELS = {
    "task": _("Oppgave"),
    "measure": _("Evaluering av tiltak"),
    "ladder_step": _("Nærværstrappa"),
    "ppt": _("PPT"),
    "report": _("Rapport"),
    "wheel": _("Årshjul"),
    "ppt.iep": _("IOP"),
    "ppt.report": _("Rapport på IOP"),
}


def kind_label(kind: str) -> str:
    """What kind of deadline it is, in words; never the internal code (a new kind falls back to its family)."""
    label = KIND_LABELS.get(kind) or KIND_LABELS.get(kind.split(".")[0])
    return str(label or _("Frist"))


@dataclass(frozen=True)
class DeadlineRow:
    item: DeadlineItem
    owner_name: str
    kind_label: str
    overdue: bool
    due_today: bool


def _rows(items: list[DeadlineItem], today: datetime.date) -> list[DeadlineRow]:
    owners = User.objects.in_bulk({i.owner_id for i in items}) if items else {}
    rows = []
    for item in items:
        owner = owners.get(item.owner_id)
        name = (owner.get_full_name() or owner.username) if owner else ""
        rows.append(DeadlineRow(item, name, kind_label(item.kind), item.due < today, item.due == today))
    return rows


def deadline_schools(access: Access) -> list:
    """The schools whose deadlines this user may see: those where they are on the resource team."""
    schools = {m.team.school_id: m.team.school for m in access.memberships}
    return sorted(schools.values(), key=lambda s: s.name)


def school_deadlines(access: Access, *, school_id: int, kind: str = "", today=None) -> list[DeadlineRow]:
    """All open deadlines of one school, soonest first; another school does not exist (404)."""
    if not access.is_team_member(school_id):
        raise Http404
    items = open_deadlines(school_ids=[school_id])
    if kind:
        items = [i for i in items if i.kind == kind]
    return _rows(items, today or timezone.localdate())


def my_deadlines(access: Access, *, today=None) -> list[DeadlineRow]:
    return _rows(open_deadlines(owner_id=access.user.pk), today or timezone.localdate())


def kinds_present(rows: list[DeadlineRow]) -> list[tuple[str, str]]:
    return sorted({(r.item.kind, r.kind_label) for r in rows}, key=lambda k: k[1])


def feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.filter(token=token, user__is_active=True).select_related("user").first()


def feed_meetings(user, *, since_days: int = 90) -> list[Meeting]:
    """Meetings of the teams the user is an active member of, from a while back onwards."""
    since = timezone.now() - datetime.timedelta(days=since_days)
    team_ids = user.memberships.filter(active=True).values("team_id")
    return list(
        Meeting.objects.filter(team_id__in=team_ids, starts_at__gte=since)
        .select_related("team", "team__school")
        .order_by("starts_at")
    )
