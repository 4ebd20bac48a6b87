"""The invitation (møteinnkalling): sent in advance to every member and invitee, as e-mail with an .ics."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases import disclosure
from laget.organisations.access import Access
from laget.organisations.language import for_school

from .calendar import meeting_ics
from .models import InvitationDelivery, Meeting
from .selectors import agenda_items, agenda_parts, attendance_rows, team_member_users
from .services import HELD_OR_STARTED, NeedsConfirmation, require_lead, require_unlocked


def meeting_send_invitation(*, access: Access, meeting: Meeting, confirmed: bool = False) -> int:
    """Start a new invitation round (team lead); the e-mails go out from a task after commit.
    An invitation to a meeting that has started or been held must be confirmed (it cannot be unsent).
    Returns the round number."""
    require_lead(access, meeting)
    require_unlocked(meeting)
    if meeting.status in HELD_OR_STARTED and not confirmed:
        raise NeedsConfirmation(
            _("Møtet er allerede startet eller holdt. En innkalling nå sendes likevel til alle deltakerne.")
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.invitation_round += 1
        meeting.invitation_sent_at = timezone.now()
        if meeting.status == Meeting.Status.PLANNED:
            meeting.status = Meeting.Status.INVITED
        meeting.save(update_fields=["invitation_round", "invitation_sent_at", "status"])
        access.log(action="meeting.invitation_send", school_id=meeting.team.school_id, obj=meeting)
        round_ = meeting.invitation_round

        from .tasks import send_meeting_invitation

        transaction.on_commit(lambda: send_meeting_invitation.enqueue(meeting_id=meeting.pk, round=round_))
    return round_


def invitation_recipients(meeting: Meeting) -> list:
    """Active team members and everyone on the attendance list (invited agencies), each once."""
    users = {u.pk: u for u in team_member_users(meeting.team)}
    for row in attendance_rows(meeting):
        users.setdefault(row.user_id, row.user)
    return [u for u in users.values() if u.email]


def recipient_viewer(meeting: Meeting, user):
    """Who the recipient is to the disclosure policy: an invited agency's guest of this meeting
    by their agency, anyone else by their own relations (membership, agency, class …)."""
    invitation = meeting.guest_invitations.filter(guest=user, revoked_at__isnull=True).select_related("agency").first()
    if invitation is not None:
        return disclosure.viewer_for_guest(invitation)
    return disclosure.viewer_for_user(user)


def recipient_items(meeting: Meeting, user, viewer) -> list:
    """The agenda a recipient is sent: the whole agenda for the team, only their own items for a
    teacher invited to an item (laget.meetings.case_agenda)."""
    items = agenda_items(meeting, viewer=viewer)
    if user.pk in {u.pk for u in team_member_users(meeting.team)}:
        return items
    return [i for i in items if user.pk in {p.pk for p in i.participants.all()}]


def invitation_message(meeting: Meeting, user) -> EmailMultiAlternatives:
    """Subject / text / HTML from templates, decided per recipient: one invitation can name a case
    to the team and not to the invited agency (laget.cases.disclosure), and a teacher invited to
    one item is sent that item only."""
    viewer = recipient_viewer(meeting, user)
    items = recipient_items(meeting, user, viewer)
    context = {
        "meeting": meeting,
        "starts_at": timezone.localtime(meeting.starts_at),
        "parts": agenda_parts(meeting, items),
        "recipient": user,
        "url": settings.SITE_URL.rstrip("/") + reverse("meetings:meeting_detail", args=[meeting.pk]),
    }
    subject = " ".join(render_to_string("meetings/email/invitation_subject.txt", context).split())
    text = render_to_string("meetings/email/invitation.txt", context)
    html = render_to_string("meetings/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.attach(
        "innkalling.ics",
        meeting_ics(meeting, viewer=viewer, items=items),
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    return message


def invitation_deliver(*, meeting_id: int, round: int) -> int:
    """Send each recipient's e-mail once per round: the delivery row is claimed under a lock
    and marked sent, so a retried or duplicated task sends nothing twice. Returns the number sent."""
    meeting = Meeting.objects.select_related("team", "team__school").get(pk=meeting_id)
    sent = 0
    for user in invitation_recipients(meeting):
        with transaction.atomic():
            delivery, _ = InvitationDelivery.objects.get_or_create(
                meeting=meeting, user=user, round=round, defaults={"email": user.email}
            )
            delivery = InvitationDelivery.objects.select_for_update().get(pk=delivery.pk)
            if delivery.sent_at is not None:
                continue
            with for_school(meeting.team.school):
                message = invitation_message(meeting, user)
            message.send()
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
            sent += 1
    return sent
