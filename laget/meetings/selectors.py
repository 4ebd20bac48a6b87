"""Reads of meetings, agenda items and tasks, already scoped to what the user may see.

Meetings are visible to the active members of the meeting's team; everything else is 404.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases import disclosure
from laget.cases.models import Case
from laget.organisations.access import Access
from laget.organisations.models import Membership, Team

from .models import AgendaItem, Attendance, Meeting, Task

User = get_user_model()


def _item_count():
    """Items per meeting as a correlated subquery: a page of meetings counts its own items only,
    and counting the meetings (pagination) needs no GROUP BY over every agenda item."""
    items = AgendaItem.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
    return Coalesce(Subquery(items.annotate(n=Count("pk")).values("n")), 0)


def meetings_for(access: Access):
    """The meetings of the user's teams, with the number of agenda items."""
    return (
        Meeting.objects.filter(team_id__in=access.team_ids)
        .select_related("team", "team__school")
        .annotate(item_count=_item_count())
        .order_by("starts_at")
    )


def meeting_get(access: Access, pk) -> Meeting:
    meeting = Meeting.objects.filter(pk=pk, team_id__in=access.team_ids).select_related("team", "team__school").first()
    if meeting is None:
        raise Http404
    return meeting


def next_meeting_for(access: Access) -> Meeting | None:
    return meetings_for(access).filter(starts_at__gte=timezone.now()).first()


def teams_led_by(access: Access) -> list[Team]:
    return [m.team for m in access.memberships if m.role.leads_team]


def tasks_owned_by(user):
    """The user's open tasks, soonest deadline first."""
    return (
        Task.objects.filter(owner=user, done_at__isnull=True)
        .select_related("team", "meeting", "case", "case__student", "case__student__school_class")
        .order_by("deadline", "pk")
    )


def task_get(access: Access, pk) -> Task:
    """A task is visible to its owner and to the members of its team."""
    task = (
        Task.objects.filter(Q(team_id__in=access.team_ids) | Q(owner_id=access.user.pk), pk=pk)
        .select_related("team")
        .first()
    )
    if task is None:
        raise Http404
    return task


def agenda_item_get(access: Access, pk) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(pk=pk, meeting__team_id__in=access.team_ids)
        .select_related("meeting", "meeting__team", "meeting__team__school", "case", "case__student")
        .first()
    )
    if item is None:
        raise Http404
    return item


def agenda_items(meeting: Meeting, *, viewer, with_tasks: bool = False) -> list[AgendaItem]:
    """The agenda in order, each item with `label` and `redact` as `viewer` may see them
    (laget.cases.disclosure: an access, a recipient's or guest's viewer, or disclosure.TEAM)."""
    qs = meeting.items.select_related(
        "preparer",
        "notes_updated_by",
        "case",
        "case__referral",
        "case__student",
        "case__student__school_class",
        "task__case__student__school_class",
        "measure__case__student__school_class",
    ).prefetch_related("case__consents__agencies", "case__student__guardians", "participants")
    if with_tasks:
        qs = qs.prefetch_related(Prefetch("tasks", queryset=Task.objects.select_related("owner")))
    return disclosure.label_items(viewer, qs)


def agenda_parts(meeting: Meeting, items: list[AgendaItem]) -> list[dict]:
    """Items grouped by the parts the school's routine gives this type of meeting, with each part's
    total time and budget (laget.meetings.kinds.agenda_shape). An item in a part the shape does not
    have is still shown, under its own part's name: nothing on an agenda disappears."""
    from .kinds import agenda_shape

    shape = agenda_shape(meeting)
    numbers = [p["number"] for p in shape]
    extra = sorted({i.part for i in items if i.part not in numbers})
    shape += [{"number": n, "name": str(AgendaItem.Part(n).label), "minutes": None} for n in extra]
    parts = []
    for spec in shape:
        rows = [i for i in items if i.part == spec["number"]]
        if spec.get("optional") and not rows:
            continue  # Hustadvika's part 3 is held when there is something to go through
        budget = spec["minutes"]
        total = sum(i.minutes for i in rows)
        parts.append(
            {
                "value": spec["number"],
                "name": spec["name"],
                "items": rows,
                "total": total,
                "budget": budget,
                "over": bool(budget is not None and total > budget),
            }
        )
    return parts


def individual_case_count(items: list[AgendaItem]) -> int:
    return len({i.case_id for i in items if i.case_id and i.case.student_id})


def open_cases_for_agenda(access: Access, meeting: Meeting):
    """Open cases of the meeting's school that the user may see, for the "put on agenda" picker."""
    from laget.cases.selectors import cases_visible_to

    return (
        cases_visible_to(access)
        .filter(school_id=meeting.team.school_id, status=Case.Status.OPEN)
        .select_related("referral")
        .prefetch_related("consents__agencies")
        .order_by("number")
    )


def school_staff(school_id) -> list:
    """People who may own a task: the school's staff and the team's members."""
    return list(
        User.objects.filter(
            Q(staff__school_id=school_id) | Q(memberships__team__school_id=school_id, memberships__active=True)
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    """The attendance list, each row with `role_label`: the person's role on the team, the agency of
    an invited guest, or the item a teacher is invited to — so "barnevern forfall" needs no insider."""
    rows = list(meeting.attendance.select_related("user").order_by("user__first_name", "user__last_name"))
    roles: dict[int, list[str]] = {}
    for m in Membership.objects.filter(team=meeting.team, active=True).select_related("role"):
        roles.setdefault(m.user_id, []).append(str(m.role.name))
    for invitation in meeting.guest_invitations.filter(revoked_at__isnull=True):
        roles.setdefault(invitation.guest_id, []).append(str(_agency_name(invitation)))
    through = AgendaItem.participants.through.objects.filter(agendaitem__meeting=meeting)
    for user_id, number in through.values_list("user_id", "agendaitem__case__number"):
        roles.setdefault(user_id, []).append(
            _("Invitert til sak %(number)s") % {"number": number} if number else _("Invitert til et punkt")
        )
    for row in rows:
        row.role_label = ", ".join(dict.fromkeys(roles.get(row.user_id, [])))
    return rows


def _agency_name(invitation) -> str:
    agency = getattr(invitation, "agency", "")
    return getattr(agency, "name", agency) or _("Gjest")


def team_member_users(team: Team) -> list:
    """Active members of the team, each once (a person may hold two roles)."""
    users = {}
    for m in Membership.objects.filter(team=team, active=True).select_related("user").order_by("user__first_name"):
        users.setdefault(m.user_id, m.user)
    return list(users.values())


def participant_meeting_get(access: Access, pk) -> tuple[Meeting, list[AgendaItem]]:
    """A meeting as a teacher invited to some of its items sees it: the meeting and only those items
    (laget.meetings.case_agenda). 404 when the user is invited to none of its items."""
    meeting = (
        Meeting.objects.filter(pk=pk, items__participants=access.user)
        .select_related("team", "team__school")
        .distinct()
        .first()
    )
    if meeting is None:
        raise Http404
    items = [i for i in agenda_items(meeting, viewer=access) if access.user.pk in {p.pk for p in i.participants.all()}]
    return meeting, items


def meetings_invited_to(user):
    """Upcoming meetings where the user is invited to an item (not as a team member), soonest first."""
    return (
        Meeting.objects.filter(items__participants=user, starts_at__gte=timezone.now())
        .select_related("team", "team__school")
        .distinct()
        .order_by("starts_at")
    )
