"""Writes during and after the meeting: attendance, minutes (notes per item), the task log, approval.

A concurrent edit of an item's notes is refused (rule 9); approved minutes are frozen as a version
and can only change after the lead reopens them, which makes the next approval a new version.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.audit.services import access_log_write_many
from laget.cases.timeline import timeline_add
from laget.organisations.access import Access

from .models import AgendaItem, Attendance, Meeting, MinutesVersion, Task
from .selectors import agenda_items, attendance_rows, team_member_users
from .services import require_lead, require_unlocked


class NotesConflict(ValidationError):
    """Someone else saved the notes first; carries their text so the page can show it."""

    def __init__(self, current: AgendaItem):
        who = current.notes_updated_by.get_full_name() if current.notes_updated_by else ""
        when = timezone.localtime(current.notes_updated_at).strftime("%H:%M") if current.notes_updated_at else ""
        super().__init__(
            _("%(who)s lagret en annen tekst kl. %(when)s mens du skrev. Din tekst er ikke lagret – se begge under.")
            % {"who": who or _("Noen andre"), "when": when}
        )
        self.current = current


IN_PROGRESS = (Meeting.Status.STARTED, Meeting.Status.HELD)


def require_started(meeting: Meeting) -> None:
    """A meeting has a life: minutes, attendance and the log are written once it has started."""
    require_unlocked(meeting)
    if meeting.status not in IN_PROGRESS:
        raise ValidationError(
            _("Møtet er ikke startet. Teamleder starter møtet på møtedagen; da kan oppmøte og referat skrives.")
        )


def meeting_start(*, access: Access, meeting: Meeting) -> Meeting:
    """Start the meeting (team lead): planned or invited → started, on or after the meeting's day."""
    require_lead(access, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("team").get(pk=meeting.pk)
        if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.INVITED):
            raise ValidationError(_("Møtet er allerede startet."))
        day = timezone.localtime(meeting.starts_at).date()
        if day > timezone.localdate():
            raise ValidationError(_("Møtet kan startes på møtedagen, %(date)s.") % {"date": day.strftime("%d.%m.%Y")})
        meeting.status = Meeting.Status.STARTED
        meeting.started_at = timezone.now()
        meeting.save(update_fields=["status", "started_at"])
        attendance_ensure(meeting=meeting)
        access.log(action="meeting.start", school_id=meeting.team.school_id, obj=meeting)
    return meeting


def meeting_finish(*, access: Access, meeting: Meeting) -> Meeting:
    """End the meeting (team lead): started → held. Only a held meeting counts in the key figures and
    as "discussed in the team" for the PPT gate."""
    require_lead(access, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("team").get(pk=meeting.pk)
        if meeting.status != Meeting.Status.STARTED:
            raise ValidationError(_("Bare et møte som pågår kan avsluttes."))
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
        access.log(action="meeting.finish", school_id=meeting.team.school_id, obj=meeting)
    return meeting


def attendance_ensure(*, meeting: Meeting) -> None:
    """Every active member of the team has an attendance row (members may join after planning)."""
    have = set(meeting.attendance.values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user=u) for u in team_member_users(meeting.team) if u.pk not in have]
    )


def attendance_record(*, access: Access, meeting: Meeting, statuses: dict, referent_id: int) -> None:
    """Register present / absent (forfall) per person and exactly one referent, who must be present."""
    if not access.is_team_member(meeting.team.school_id):
        raise PermissionDenied
    require_started(meeting)
    with transaction.atomic():
        rows = {a.user_id: a for a in meeting.attendance.select_for_update()}
        if referent_id not in rows:
            raise ValidationError({"referent": _("Velg én referent blant deltakerne.")})
        if statuses.get(referent_id, rows[referent_id].status) != Attendance.Status.PRESENT:
            raise ValidationError({"referent": _("Referenten må være til stede.")})
        for user_id, row in rows.items():
            row.status = statuses.get(user_id, row.status)
            row.is_referent = user_id == referent_id
        Attendance.objects.bulk_update(rows.values(), ["status", "is_referent"])
        access.log(action="meeting.attendance", school_id=meeting.team.school_id, obj=meeting)


def notes_save(*, access: Access, item: AgendaItem, notes: str, version: int) -> AgendaItem:
    """Save the minutes of one agenda item. Refused (NotesConflict) when the version has moved on."""
    if not access.is_team_member(item.meeting.team.school_id):
        raise PermissionDenied
    with transaction.atomic():
        current = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting", "notes_updated_by")
            .get(pk=item.pk)
        )
        require_started(current.meeting)
        if current.notes == notes:
            return current
        if current.notes_version != version:
            raise NotesConflict(current)
        current.notes = notes
        current.notes_version += 1
        current.notes_updated_at = timezone.now()
        current.notes_updated_by = access.user
        current.save(update_fields=["notes", "notes_version", "notes_updated_at", "notes_updated_by"])
        access.log(
            action="minutes.edit",
            school_id=current.meeting.team.school_id,
            student_id=item.case.student_id if item.case_id else None,
            obj=current,
        )
    return current


def task_create(*, access: Access, item: AgendaItem, title: str, owner, deadline) -> Task:
    """Add a task to the log. Owner and deadline are required (rule 5)."""
    meeting = item.meeting
    if not access.is_team_member(meeting.team.school_id):
        raise PermissionDenied
    require_started(meeting)
    with transaction.atomic():
        task = Task(
            school_id=meeting.team.school_id,
            team=meeting.team,
            meeting=meeting,
            agenda_item=item,
            case=item.case,
            title=title,
            owner=owner,
            deadline=deadline,
            created_by=access.user,
        )
        task.full_clean()
        task.save()
        student_id = item.case.student_id if item.case_id else None
        access.log(action="task.create", school_id=meeting.team.school_id, student_id=student_id, obj=task)
        if item.case_id:
            timeline_add(
                case=item.case,
                kind="task.create",
                summary=_("Oppgave fra møtet %(date)s: %(title)s (frist %(deadline)s)")
                % {
                    "date": f"{timezone.localtime(meeting.starts_at):%d.%m.%Y}",
                    "title": title,
                    "deadline": f"{deadline:%d.%m.%Y}",
                },
                actor=access.user,
            )
    return task


def task_done(*, access: Access, task: Task) -> Task:
    """Mark a task done: its owner or the team lead."""
    if task.owner_id != access.user.pk and not access.leads(task.school_id):
        raise PermissionDenied(_("Bare den ansvarlige eller teamleder kan merke oppgaven som utført."))
    with transaction.atomic():
        if task.done_at is None:
            task.done_at = timezone.now()
            task.save(update_fields=["done_at"])
            access.log(action="task.done", school_id=task.school_id, student_id=_task_student(task), obj=task)
    return task


def _task_student(task: Task):
    return task.case.student_id if task.case_id else None


def _anonymous_item_label(item) -> str:
    from laget.cases.disclosure import anonymous_label, redact_names

    if not item.case_id:
        return ""
    title = redact_names(item.title, item.case.student)
    return f"{anonymous_label(item.case)}: {title}" if title else anonymous_label(item.case)


def minutes_snapshot(meeting: Meeting) -> dict:
    """The minutes as shown: item titles with the label of the moment, notes, attendance and tasks.

    Case items also keep their anonymous label and case id, so a version read after consent is
    withdrawn can hide the name again (rule 3)."""
    from laget.cases.disclosure import TEAM

    items = []
    for item in agenda_items(meeting, viewer=TEAM, with_tasks=True):
        items.append(
            {
                "part": item.part,
                "part_name": item.get_part_display(),
                "kind": item.kind,
                "label": item.label,
                "case_id": item.case_id,
                "anonymous_label": _anonymous_item_label(item),
                "preparer": item.preparer.get_full_name() if item.preparer else "",
                "minutes": item.minutes,
                "description": item.description,
                "notes": item.notes,
                "tasks": [
                    {
                        "title": t.title,
                        "owner": t.owner.get_full_name() or t.owner.username,
                        "deadline": t.deadline.isoformat(),
                        "deadline_display": f"{t.deadline:%d.%m.%Y}",
                    }
                    for t in item.tasks.all()
                ],
            }
        )
    attendance = [
        {
            "name": a.user.get_full_name() or a.user.username,
            "status": a.status,
            "status_label": a.get_status_display(),
            "referent": a.is_referent,
        }
        for a in attendance_rows(meeting)
    ]
    return {
        "meeting": {
            "kind": meeting.get_kind_display(),
            "starts_at": meeting.starts_at.isoformat(),
            "location": meeting.location,
            "team": str(meeting.team),
        },
        "items": items,
        "attendance": attendance,
    }


def minutes_approve(*, access: Access, meeting: Meeting) -> MinutesVersion:
    """Freeze the minutes as the next version and lock the meeting (team lead). Only a meeting that has
    started, with everyone's attendance and a referent registered; a started meeting is held from then."""
    require_lead(access, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("team").get(pk=meeting.pk)
        require_unlocked(meeting)
        if meeting.status not in IN_PROGRESS:
            raise ValidationError(_("Møtet er ikke holdt ennå. Referatet godkjennes etter at møtet er startet."))
        if meeting.attendance.filter(status=Attendance.Status.EXPECTED).exists():
            raise ValidationError(_("Registrer oppmøte for alle (til stede eller forfall) før referatet godkjennes."))
        if not meeting.attendance.filter(is_referent=True).exists():
            raise ValidationError(_("Registrer oppmøte og referent før referatet godkjennes."))
        number = (meeting.minutes_versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = MinutesVersion.objects.create(
            meeting=meeting,
            number=number,
            snapshot=minutes_snapshot(meeting),
            approved_by=access.user,
            approved_at=timezone.now(),
        )
        meeting.status = Meeting.Status.APPROVED
        meeting.save(update_fields=["status"])
        access.log(action="minutes.approve", school_id=meeting.team.school_id, obj=version)
        case_items = [i for i in meeting.items.select_related("case", "case__student") if i.case_id]
        for case in {i.case_id: i.case for i in case_items}.values():
            timeline_add(
                case=case,
                kind="meeting.minutes_approved",
                actor=access.user,
                summary=_("Drøftet i ressursteam %(date)s, referat godkjent (versjon %(number)s)")
                % {"date": f"{timezone.localtime(meeting.starts_at):%d.%m.%Y}", "number": number},
            )
        access_log_write_many(
            user=access.user,
            role=access.role_label(meeting.team.school_id),
            action="minutes.approve",
            school_id=meeting.team.school_id,
            rows=[(i.case.student_id, i) for i in case_items if i.case.student_id],
        )
    return version


def minutes_reopen(*, access: Access, meeting: Meeting) -> Meeting:
    """Allow edits again (team lead). Approved versions are kept; the next approval is a new version."""
    require_lead(access, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.APPROVED:
            raise ValidationError(_("Referatet er ikke godkjent."))
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status"])
        access.log(action="minutes.reopen", school_id=meeting.team.school_id, obj=meeting)
    return meeting
