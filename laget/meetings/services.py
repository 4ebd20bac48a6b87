"""Writes on meetings and their agenda: named domain actions, one transaction each, audited."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases.models import Kind, Measure
from laget.organisations.access import Access
from laget.organisations.models import Team

from .kinds import agenda_shape, fixed_topics, kind_name, meeting_minutes
from .models import AgendaItem, Attendance, Meeting, Task
from .selectors import team_member_users


def require_lead(access: Access, meeting_or_team) -> None:
    school_id = meeting_or_team.team.school_id if isinstance(meeting_or_team, Meeting) else meeting_or_team.school_id
    if not access.leads(school_id):
        raise PermissionDenied(_("Bare teamleder kan gjøre dette."))


class NeedsConfirmation(ValidationError):
    """An irreversible step on a meeting that has started: the user must confirm it first."""


HELD_OR_STARTED = (Meeting.Status.STARTED, Meeting.Status.HELD)


def require_unlocked(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise ValidationError(_("Referatet er godkjent. Teamleder må åpne det igjen før det kan endres."))


def meeting_create(
    *,
    access: Access,
    team: Team,
    starts_at: datetime.datetime,
    duration_minutes: int | None = None,
    location: str | None = None,
    kind: str = Meeting.Kind.RESOURCE_TEAM,
    series: uuid.UUID | None = None,
    participants_note: str = "",
) -> Meeting:
    """Plan a meeting (team lead only). Every active member is expected; open tasks and due measures
    are put on the agenda at once (a meeting produces a log that the next meeting follows up).
    A meeting type with fixed topics (klasselærerråd/triangelmøte) gets them as agenda items."""
    require_lead(access, team)
    with transaction.atomic():
        meeting = Meeting(
            team=team,
            kind=kind,
            kind_name=kind_name(team.school, kind),
            starts_at=starts_at,
            # The routine says how long this type of meeting is (Hustadvika: 90 minutes).
            duration_minutes=duration_minutes or meeting_minutes(team.school, kind) or team.meeting_minutes,
            location=team.location if location is None else location,
            series=series,
            participants_note=participants_note,
            created_by=access.user,
        )
        meeting.full_clean()
        meeting.save()
        Attendance.objects.bulk_create([Attendance(meeting=meeting, user=u) for u in team_member_users(team)])
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(meeting=meeting, part=AgendaItem.Part.SYSTEM, position=i, title=title[:300])
                for i, title in enumerate(fixed_topics(team.school, kind))
            ]
        )
        agenda_carry_over(meeting=meeting)
        access.log(action="meeting.create", school_id=team.school_id, obj=meeting)
    return meeting


def series_dates(team: Team, first_date: datetime.date, count: int) -> list[datetime.datetime]:
    """Meeting times from the team's cadence: its weekday on or after `first_date`, every `cadence_weeks` weeks."""
    start = first_date + datetime.timedelta(days=(team.meeting_weekday - first_date.weekday()) % 7)
    step = datetime.timedelta(weeks=max(team.cadence_weeks, 1))
    tz = timezone.get_current_timezone()
    start_time = team.meeting_start
    if isinstance(start_time, str):
        start_time = datetime.time.fromisoformat(start_time)
    return [datetime.datetime.combine(start + i * step, start_time, tzinfo=tz) for i in range(count)]


def meeting_series_create(*, access: Access, team: Team, first_date: datetime.date, count: int) -> list[Meeting]:
    """Plan `count` meetings from the team's cadence; they share one series id."""
    require_lead(access, team)
    if not 1 <= count <= 52:
        raise ValidationError({"count": _("Velg mellom 1 og 52 møter.")})
    series = uuid.uuid4()
    with transaction.atomic():
        return [
            meeting_create(access=access, team=team, starts_at=starts_at, series=series)
            for starts_at in series_dates(team, first_date, count)
        ]


def _part_for_case(case, meeting: Meeting | None = None) -> int:
    """System work in part 1, a student's case in part 2 — or the meeting's single list when its type
    has no parts (laget.meetings.kinds.agenda_shape)."""
    part = AgendaItem.Part.SYSTEM if case is None or case.kind == Kind.SYSTEM else AgendaItem.Part.INDIVIDUAL
    if meeting is not None:
        numbers = [p["number"] for p in agenda_shape(meeting)]
        if part not in numbers:
            return numbers[0]
    return part


def _next_position(meeting: Meeting, part: int) -> int:
    top = meeting.items.filter(part=part).aggregate(m=Max("position"))["m"]
    return 0 if top is None else top + 1


def previous_meeting_day(meeting: Meeting) -> datetime.date | None:
    """The day of the team's meeting before this one (None for its first)."""
    prev = (
        Meeting.objects.filter(team_id=meeting.team_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return timezone.localtime(prev).date() if prev else None


def agenda_carry_over(*, meeting: Meeting) -> int:
    """Open tasks and active measures that fell due since the team's previous meeting (up to this
    meeting's day) come onto the agenda by themselves, each at most once per meeting (a database
    constraint, so concurrent runs cannot add twice). Follow-ups whose task was done or measure ended
    since, and which nobody has written notes on, are taken off again. Run when the meeting is
    planned and by the periodic scan (`carry_over_upcoming`), never by opening the agenda.
    Returns the number of items added."""
    if meeting.status != Meeting.Status.PLANNED:
        return 0
    day = timezone.localtime(meeting.starts_at).date()
    since = previous_meeting_day(meeting)
    window = {} if since is None else {"deadline__gt": since}
    measure_window = {} if since is None else {"evaluation_date__gt": since}
    with transaction.atomic():
        meeting.items.filter(
            kind=AgendaItem.Kind.TASK_FOLLOWUP, notes="", tasks__isnull=True, task__done_at__isnull=False
        ).delete()
        meeting.items.filter(kind=AgendaItem.Kind.EVALUATION, notes="", tasks__isnull=True).exclude(
            measure__status=Measure.Status.ACTIVE
        ).delete()
        have_tasks = set(meeting.items.exclude(task=None).values_list("task_id", flat=True))
        have_measures = set(meeting.items.exclude(measure=None).values_list("measure_id", flat=True))
        tasks = (
            Task.objects.filter(team=meeting.team, done_at__isnull=True, deadline__lte=day, **window)
            .exclude(pk__in=have_tasks)
            .select_related("owner", "case")
        )
        measures = (
            Measure.objects.filter(
                case__school_id=meeting.team.school_id,
                status=Measure.Status.ACTIVE,
                evaluation_date__lte=day,
                **measure_window,
            )
            .exclude(pk__in=have_measures)
            .select_related("owner", "case")
        )
        positions = {p: _next_position(meeting, p) for p in AgendaItem.Part.values}
        new = []
        for task in tasks:
            part = _part_for_case(task.case, meeting)
            title = _("Oppfølging: %(title)s (ansvar %(owner)s, frist %(deadline)s)") % {
                "title": task.title,
                "owner": task.owner.get_full_name() or task.owner.username,
                "deadline": task.deadline.strftime("%d.%m.%Y"),
            }
            new.append(
                AgendaItem(
                    meeting=meeting,
                    part=part,
                    position=positions[part],
                    kind=AgendaItem.Kind.TASK_FOLLOWUP,
                    title=title[:300],
                    task=task,
                    case=task.case,
                    preparer=task.owner,
                    minutes=5,
                )
            )
            positions[part] += 1
        for measure in measures:
            part = _part_for_case(measure.case, meeting)
            title = _("Evaluering av tiltak: %(description)s") % {"description": measure.description[:200]}
            new.append(
                AgendaItem(
                    meeting=meeting,
                    part=part,
                    position=positions[part],
                    kind=AgendaItem.Kind.EVALUATION,
                    title=title[:300],
                    measure=measure,
                    case=measure.case,
                    preparer=measure.owner,
                    minutes=10,
                )
            )
            positions[part] += 1
        # ignore_conflicts: a concurrent run that added the same follow-up first wins (the constraint).
        AgendaItem.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def carry_over_upcoming(*, now: datetime.datetime | None = None) -> int:
    """The periodic scan's part: bring each team's next planned meeting up to date with what fell due
    since its previous meeting. Idempotent; returns the number of items added."""
    now = now or timezone.now()
    next_ids = Team.objects.annotate(
        next_id=Subquery(
            Meeting.objects.filter(team=OuterRef("pk"), status=Meeting.Status.PLANNED, starts_at__gte=now)
            .order_by("starts_at")
            .values("pk")[:1]
        )
    ).values_list("next_id", flat=True)
    added = 0
    for meeting in Meeting.objects.filter(pk__in=[pk for pk in next_ids if pk]).select_related("team"):
        added += agenda_carry_over(meeting=meeting)
    return added


def agenda_item_add(
    *,
    access: Access,
    meeting: Meeting,
    part: int,
    title: str = "",
    description: str = "",
    case=None,
    preparer=None,
    minutes: int = 10,
) -> AgendaItem:
    """Put a system topic or an open case on the agenda (team lead)."""
    require_lead(access, meeting)
    require_unlocked(meeting)
    if case is not None and case.school_id != meeting.team.school_id:
        raise ValidationError({"case": _("Saken hører ikke til denne skolen.")})
    if case is None and not title.strip():
        raise ValidationError({"title": _("Skriv et tema, eller velg en sak.")})
    with transaction.atomic():
        item = AgendaItem(
            meeting=meeting,
            part=part,
            position=_next_position(meeting, part),
            kind=AgendaItem.Kind.CASE if case is not None else AgendaItem.Kind.TOPIC,
            title=title.strip(),
            description=description,
            case=case,
            preparer=preparer,
            minutes=minutes,
        )
        item.full_clean()
        item.save()
        item_invite_case_teachers(item)
        access.log(
            action="meeting.agenda_add",
            school_id=meeting.team.school_id,
            student_id=case.student_id if case else None,
            obj=item,
        )
    return item


def agenda_item_update(*, access: Access, item: AgendaItem, version: int, **fields) -> AgendaItem:
    """Change an item's title, part, time box or preparer. Refused when someone else changed it first."""
    require_lead(access, item.meeting)
    require_unlocked(item.meeting)
    with transaction.atomic():
        current = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if current.version != version:
            raise ValidationError(_("Punktet er endret av noen andre mens du skrev. Se den nye versjonen under."))
        if current.case_id is None and not fields.get("title", current.title).strip():
            raise ValidationError({"title": _("Skriv et tema.")})
        if fields.get("part", current.part) != current.part:
            current.position = _next_position(current.meeting, fields["part"])
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.full_clean()
        current.save()
        access.log(
            action="meeting.agenda_edit",
            school_id=item.meeting.team.school_id,
            student_id=_student_id(current),
            obj=current,
        )
    return current


def agenda_item_remove(*, access: Access, item: AgendaItem, confirmed: bool = False) -> None:
    """Take an item off the agenda (lead). Once the meeting has started the item is part of what was
    discussed: removing it then must be confirmed."""
    require_lead(access, item.meeting)
    require_unlocked(item.meeting)
    if item.meeting.status in HELD_OR_STARTED and not confirmed:
        raise NeedsConfirmation(
            _("Møtet er startet eller holdt. Fjerner du punktet, forsvinner det fra sakslisten og referatet.")
        )
    with transaction.atomic():
        if item.tasks.exists():
            raise ValidationError(_("Punktet har oppgaver i loggen og kan ikke fjernes."))
        access.log(
            action="meeting.agenda_remove",
            school_id=item.meeting.team.school_id,
            student_id=_student_id(item),
            obj=item,
        )
        item.delete()


def agenda_item_move(*, access: Access, item: AgendaItem, direction: str) -> None:
    """Move an item one place up or down within its part."""
    require_lead(access, item.meeting)
    require_unlocked(item.meeting)
    with transaction.atomic():
        siblings = list(item.meeting.items.filter(part=item.part).select_for_update().order_by("position", "pk"))
        index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            sibling.position = position
        AgendaItem.objects.bulk_update(siblings, ["position"])
        access.log(action="meeting.agenda_move", school_id=item.meeting.team.school_id, obj=item)


def item_invite_case_teachers(item: AgendaItem) -> list:
    from .case_agenda import item_invite_case_teachers as invite

    return invite(item)


def _student_id(item: AgendaItem):
    return item.case.student_id if item.case_id else None


def agenda_case_enqueue(*, access: Access, case, preparer=None, title: str = "", minutes: int = 10):
    """A routine step puts a case on its team's next planned meeting (e.g. the attendance ladder's
    step 7, «meld til internt ressursteam»), in part 2 Individarbeid, once. The caller has already
    checked that the user may take that step; the lead still shapes the agenda afterwards.
    Returns the item, or None when no meeting is planned yet (the case waits as an open case)."""
    meeting = (
        Meeting.objects.filter(
            team__school_id=case.school_id,
            kind=Meeting.Kind.RESOURCE_TEAM,
            status__in=[Meeting.Status.PLANNED, Meeting.Status.INVITED],
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return None
    with transaction.atomic():
        item = meeting.items.filter(case=case).first()
        if item is None:
            part = _part_for_case(case, meeting)
            item = AgendaItem(
                meeting=meeting,
                part=part,
                position=_next_position(meeting, part),
                kind=AgendaItem.Kind.CASE,
                title=title[:300],
                case=case,
                preparer=preparer,
                minutes=minutes,
            )
            item.full_clean()
            item.save()
            item_invite_case_teachers(item)
            access.log(action="meeting.agenda_add", school_id=case.school_id, student_id=case.student_id, obj=item)
    return item
