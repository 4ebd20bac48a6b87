"""A case reaches a meeting: the lead puts it on a chosen or the next meeting in one step, and the
teachers who know the student are invited to that item only.

Hustadvika's and Bærum's routines: "I tillegg stiller relevant kontaktlærer" — the contact teacher
(and the teacher who referred) attends the item about their student. They are on the meeting's
attendance list and receive the invitation, and they see the items they are invited to and nothing
else of the meeting (laget.meetings.selectors.participant_items).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases.models import Referral
from laget.organisations.access import Access
from laget.organisations.models import Membership

from .models import AgendaItem, Attendance, Meeting

OPEN_STATUSES = (Meeting.Status.PLANNED, Meeting.Status.INVITED)


def upcoming_meetings_for_school(school_id):
    """Meetings a case can still be put on: planned or invited, not yet begun, soonest first."""
    return (
        Meeting.objects.filter(team__school_id=school_id, status__in=OPEN_STATUSES, starts_at__gte=timezone.now())
        .select_related("team")
        .order_by("starts_at", "pk")
    )


def next_team_meeting(school_id) -> Meeting | None:
    """The next resource-team meeting of the school (the routine's regular meeting)."""
    return upcoming_meetings_for_school(school_id).filter(kind=Meeting.Kind.RESOURCE_TEAM).first()


def case_teachers(case) -> list:
    """The people outside the team who know the student: the referral's author and the student's
    contact teachers. Team members are invited to the whole meeting already."""
    users = {}
    referral = Referral.objects.filter(case=case).select_related("author").first()
    if referral is not None:
        users[referral.author_id] = referral.author
    if case.student_id and case.student.school_class_id:
        for teacher in case.student.school_class.contact_teachers.all():
            users.setdefault(teacher.pk, teacher)
    members = set(
        Membership.objects.filter(team__school_id=case.school_id, active=True, user_id__in=users).values_list(
            "user_id", flat=True
        )
    )
    return [u for pk, u in users.items() if pk not in members]


def item_invite_case_teachers(item: AgendaItem) -> list:
    """Invite the case's teachers to this item: on its participants and on the attendance list.
    Returns the people invited."""
    if item.case_id is None:
        return []
    teachers = case_teachers(item.case)
    if teachers:
        item.participants.add(*teachers)
        have = set(item.meeting.attendance.values_list("user_id", flat=True))
        Attendance.objects.bulk_create([Attendance(meeting=item.meeting, user=u) for u in teachers if u.pk not in have])
    return teachers


def agenda_case_put(
    *, access: Access, case, meeting: Meeting | None = None, preparer=None, minutes: int = 10
) -> AgendaItem:
    """Put a case on a chosen meeting, or the next resource-team meeting (team lead, one step).

    The case goes in part 2 (Individarbeid) or, for a system topic, part 1, with its preparer; the
    referring and contact teachers are invited to the item. Refused with a message that says what
    to do when there is no meeting to put it on, the meeting has begun, or the case is on it already."""
    from .services import _next_position, _part_for_case, require_lead, require_unlocked

    if not access.leads(case.school_id):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Bare teamleder kan sette saker på sakslisten."))
    if meeting is None:
        meeting = next_team_meeting(case.school_id)
        if meeting is None:
            raise ValidationError(
                {"meeting": _("Det er ikke planlagt noe ressursteammøte ennå. Planlegg et møte under «Møter» først.")}
            )
    require_lead(access, meeting)
    require_unlocked(meeting)
    if meeting.team.school_id != case.school_id:
        raise ValidationError({"meeting": _("Møtet hører ikke til sakens skole.")})
    if case.status != case.Status.OPEN:
        raise ValidationError(_("Saken er avsluttet og kan ikke settes på et møte."))
    if meeting.status not in OPEN_STATUSES or meeting.starts_at < timezone.now():
        raise ValidationError({"meeting": _("Møtet har begynt eller er holdt. Velg et senere møte.")})
    if preparer is not None and not _may_prepare(preparer, case):
        raise ValidationError({"preparer": _("Velg en ansatt ved skolen som forbereder.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.items.filter(case=case, kind=AgendaItem.Kind.CASE).exists():
            raise ValidationError(
                {
                    "meeting": _("Saken står allerede på sakslisten til møtet %(date)s.")
                    % {"date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y")}
                }
            )
        part = _part_for_case(case, meeting)
        item = AgendaItem(
            meeting=meeting,
            part=part,
            position=_next_position(meeting, part),
            kind=AgendaItem.Kind.CASE,
            case=case,
            preparer=preparer,
            minutes=minutes,
        )
        item.full_clean()
        item.save()
        invited = item_invite_case_teachers(item)
        access.log(action="meeting.agenda_add", school_id=case.school_id, student_id=case.student_id, obj=item)
        if invited and meeting.status == Meeting.Status.INVITED:
            # The invitation has gone out: the newly invited get this round's e-mail (sent once each).
            from .tasks import send_meeting_invitation

            meeting_id, round_ = meeting.pk, meeting.invitation_round
            transaction.on_commit(lambda: send_meeting_invitation.enqueue(meeting_id=meeting_id, round=round_))
    return item


def _may_prepare(user, case) -> bool:
    from .selectors import school_staff

    return any(u.pk == user.pk for u in school_staff(case.school_id))


def agenda_topic_make_case(*, access: Access, item: AgendaItem):
    """A system topic on the agenda becomes a system case, so the measures agreed in the minutes can
    be recorded in an action plan and count (Bærum's key figures: system cases and system measures).
    Team members, in a meeting that has started; the topic's title becomes the case's."""
    from laget.cases.services import system_case_open

    from .minutes import require_started

    if not access.is_team_member(item.meeting.team.school_id):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    require_started(item.meeting)
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting", "case").get(pk=item.pk)
        if item.case_id is not None:
            return item.case
        case = system_case_open(
            access=access,
            school_id=item.meeting.team.school_id,
            title=item.title,
            first_concern_date=timezone.localtime(item.meeting.starts_at).date(),
        )
        item.case = case
        item.kind = AgendaItem.Kind.CASE
        item.save(update_fields=["case", "kind"])
        access.log(action="meeting.agenda_edit", school_id=case.school_id, obj=item)
    return case
