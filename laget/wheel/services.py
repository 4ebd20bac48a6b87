"""Writes on the annual wheel and the routine descriptions: team lead only, one transaction each, audited."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.meetings import services as meeting_services
from laget.meetings.models import AgendaItem, Meeting, Task
from laget.organisations.access import Access
from laget.organisations.models import Membership, Role, School, Team

from .dates import item_due, month_bounds
from .defaults import DEFAULT_WHEEL
from .models import RoutineActivity, RoutineDescription, WheelItem, WheelRun


def require_lead(access: Access, school_id: int) -> None:
    if not access.leads(school_id):
        raise PermissionDenied(_("Bare teamleder kan gjøre dette."))


def routine_wheel(school: School) -> list[dict] | None:
    """The routine's annual wheel for the school, or None (no routine, or the routines app is not there)."""
    try:
        from laget.routines.selectors import routine_for_school
    except ImportError:
        return None
    try:
        version = routine_for_school(school)
    except Exception:  # noqa: BLE001 - a broken routine falls back to the default wheel
        return None
    wheel = (getattr(version, "data", None) or {}).get("annual_wheel")
    return wheel if isinstance(wheel, list) and wheel else None


def parse_creates(value) -> tuple[str, str]:
    """Parse "meeting:triangel" / "agenda" / "task" / {"type": …, "meeting_kind": …} → (creates, meeting kind)."""
    kind = Meeting.Kind.RESOURCE_TEAM
    if isinstance(value, dict):
        creates = str(value.get("type") or value.get("creates") or "agenda")
        kind = str(value.get("meeting_kind") or value.get("kind") or kind)
    else:
        creates, _sep, rest = str(value or "agenda").partition(":")
        kind = rest or kind
    creates = {"agenda_item": "agenda", "item": "agenda", "deadline": "task"}.get(creates, creates)
    if creates not in WheelItem.Creates.values:
        creates = WheelItem.Creates.AGENDA
    if kind not in Meeting.Kind.values:
        kind = Meeting.Kind.RESOURCE_TEAM
    return creates, kind


def wheel_seed(*, access: Access, school: School) -> int:
    """Fill an empty wheel from the school's routine (or the default wheel). Returns the number of items."""
    require_lead(access, school.pk)
    source = routine_wheel(school)
    from_routine = source is not None
    entries = source or DEFAULT_WHEEL
    roles = {r.code: r for r in Role.objects.all()}
    with transaction.atomic():
        if WheelItem.objects.select_for_update().filter(school=school).exists():
            return 0
        items = []
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            try:
                month = int(entry.get("month"))
            except (TypeError, ValueError):
                continue
            creates, meeting_kind = parse_creates(entry.get("creates"))
            week = entry.get("week")
            day = entry.get("day")
            item = WheelItem(
                school=school,
                month=month,
                week=int(week) if isinstance(week, int) or (isinstance(week, str) and week.isdigit()) else None,
                day=int(day) if isinstance(day, int) or (isinstance(day, str) and day.isdigit()) else None,
                title=str(entry.get("title") or "")[:200],
                creates=creates,
                meeting_kind=meeting_kind,
                owner_role=roles.get(str(entry.get("owner_role") or "")),
                from_routine=from_routine,
            )
            try:
                item.full_clean(exclude=["school"])
            except ValidationError:
                continue
            items.append(item)
        WheelItem.objects.bulk_create(items)
        access.log(action="wheel.seed", school_id=school.pk)
    return len(items)


def wheel_item_create(*, access: Access, school: School, **fields) -> WheelItem:
    require_lead(access, school.pk)
    with transaction.atomic():
        item = WheelItem(school=school, **fields)
        item.full_clean()
        item.save()
        access.log(action="wheel.item_create", school_id=school.pk, obj=item)
    return item


def wheel_item_delete(*, access: Access, item: WheelItem) -> None:
    """Take an item out of the wheel; what it already created (meetings, tasks) stays."""
    require_lead(access, item.school_id)
    with transaction.atomic():
        access.log(action="wheel.item_delete", school_id=item.school_id, obj=item)
        item.delete()


def school_team(school: School) -> Team | None:
    return Team.objects.filter(school=school).order_by("pk").first()


def owner_resolver(school: School):
    """item → the user responsible: the named person, else the school's member holding the role,
    else the team lead. One query for the whole school."""
    memberships = list(
        Membership.objects.filter(team__school=school, active=True).select_related("role").order_by("pk")
    )
    by_role: dict[int, int] = {}
    for m in memberships:
        by_role.setdefault(m.role_id, m.user_id)
    lead = next((m.user_id for m in memberships if m.role.leads_team), None)

    def resolve(item: WheelItem) -> int | None:
        if item.owner_id:
            return item.owner_id
        if item.owner_role_id and item.owner_role_id in by_role:
            return by_role[item.owner_role_id]
        return lead

    return resolve


def wheel_materialise(*, access: Access, school: School, year: int) -> dict:
    """Create what the wheel's items make in school year `year` (August `year` → July `year`+1):
    meetings of their type, agenda items on the first resource-team meeting of the month, tasks with
    deadlines. Idempotent: an item creates its thing once per year (WheelRun). An agenda item whose
    month has no resource-team meeting yet waits until one is planned. Returns counts."""
    require_lead(access, school.pk)
    team = school_team(school)
    if team is None:
        raise ValidationError(_("Skolen har ikke noe ressursteam."))
    resolve = owner_resolver(school)
    counts = {"meeting": 0, "agenda": 0, "task": 0, "waiting": 0, "existing": 0}
    tz = timezone.get_current_timezone()
    start_time = team.meeting_start
    if isinstance(start_time, str):
        start_time = datetime.time.fromisoformat(start_time)
    with transaction.atomic():
        items = list(WheelItem.objects.select_for_update().filter(school=school).order_by("month", "pk"))
        done = set(WheelRun.objects.filter(item__school=school, year=year).values_list("item_id", flat=True))
        for item in items:
            if item.pk in done:
                counts["existing"] += 1
                continue
            due = item_due(item, year, team.meeting_weekday)
            owner_id = resolve(item) or access.user.pk
            run = WheelRun(item=item, year=year, due=due)
            if item.creates == WheelItem.Creates.MEETING:
                meeting = meeting_services.meeting_create(
                    access=access,
                    team=team,
                    starts_at=datetime.datetime.combine(due, start_time, tzinfo=tz),
                    kind=item.meeting_kind,
                )
                AgendaItem.objects.create(
                    meeting=meeting, part=AgendaItem.Part.SYSTEM, position=99, title=item.title, preparer_id=owner_id
                )
                run.meeting = meeting
            elif item.creates == WheelItem.Creates.AGENDA:
                _first, last = month_bounds(item.month, year)
                meeting = (
                    Meeting.objects.filter(
                        team=team,
                        kind=Meeting.Kind.RESOURCE_TEAM,
                        status=Meeting.Status.PLANNED,
                        starts_at__date__gte=due,
                        starts_at__date__lte=last,
                    )
                    .order_by("starts_at")
                    .first()
                )
                if meeting is None:
                    counts["waiting"] += 1
                    continue
                run.agenda_item = _agenda_add(access, meeting, item.title, owner_id)
                run.meeting = meeting
                run.due = timezone.localtime(meeting.starts_at).date()
            else:
                task = Task(
                    school=school,
                    team=team,
                    title=item.title,
                    owner_id=owner_id,
                    deadline=due,
                    created_by=access.user,
                )
                task.full_clean()
                task.save()
                run.task = task
            run.save()
            counts[item.creates] += 1
        access.log(action="wheel.materialise", school_id=school.pk)
    return counts


def _agenda_add(access, meeting, title, owner_id):
    from django.contrib.auth import get_user_model

    preparer = get_user_model().objects.filter(pk=owner_id).first()
    return meeting_services.agenda_item_add(
        access=access, meeting=meeting, part=AgendaItem.Part.SYSTEM, title=title, preparer=preparer
    )


# Routine descriptions -----------------------------------------------------------------------------

DESCRIPTION_FIELDS = [
    "topic",
    "written_by",
    "approved_by",
    "last_updated",
    "legal_basis",
    "purpose",
    "audience",
    "timing",
    "result",
    "general_comments",
    "external_references",
]


def _save_activities(description: RoutineDescription, activities: list[dict]) -> None:
    description.activities.all().delete()
    rows = []
    for number, row in enumerate((a for a in activities if (a.get("activity") or "").strip()), start=1):
        rows.append(
            RoutineActivity(
                description=description,
                number=number,
                activity=row["activity"].strip(),
                owner=(row.get("owner") or "").strip()[:200],
                collaboration=(row.get("collaboration") or "").strip()[:300],
                comment=(row.get("comment") or "").strip(),
            )
        )
    RoutineActivity.objects.bulk_create(rows)


def routine_description_create(*, access: Access, school: School, activities: list[dict], **fields):
    """A new routine description on the Breivang template (team lead)."""
    require_lead(access, school.pk)
    with transaction.atomic():
        description = RoutineDescription(school=school, updated_by=access.user, **fields)
        if description.last_updated is None:
            description.last_updated = timezone.localdate()
        description.full_clean()
        description.save()
        _save_activities(description, activities)
        access.log(action="routine_description.create", school_id=school.pk, obj=description)
    return description


def routine_description_update(
    *, access: Access, description: RoutineDescription, version: int, activities: list[dict], **fields
):
    """Change a routine description and its activities; refused when someone else saved it first."""
    require_lead(access, description.school_id)
    with transaction.atomic():
        current = RoutineDescription.objects.select_for_update().get(pk=description.pk)
        if current.version != version:
            raise ValidationError(_("Rutinebeskrivelsen er endret av noen andre mens du skrev. Last siden på nytt."))
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_by = access.user
        current.full_clean()
        current.save()
        _save_activities(current, activities)
        access.log(action="routine_description.edit", school_id=current.school_id, obj=current)
    return current
