"""Guest access for invited agencies: services (invite, revoke) and selectors (what a guest sees).

A guest is a person without a staff row at any school and without team membership. They see
the agenda items they are invited to — title, minutes notes and the case's label by the usual
consent rule (rule 3) — from the invitation until the meeting's day plus
GUEST_ACCESS_DAYS_AFTER_MEETING days. Nothing else in Laget exists for them.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.audit.services import access_log_write_many
from laget.cases import disclosure
from laget.organisations.models import Agency, Membership, Staff

from .models import AgendaItem, GuestInvitation, Meeting
from .services import require_lead

User = get_user_model()


def _students_of(items) -> list:
    return sorted({i.case.student_id for i in items if i.case_id and i.case.student_id})


def _log(*, user, role, action, meeting, items, obj=None):
    rows = [(None, obj or meeting), *[(sid, None) for sid in _students_of(items)]]
    access_log_write_many(user=user, role=role, action=action, school_id=meeting.team.school_id, rows=rows)


def guest_user_for(*, email: str, name: str):
    """The external person's account: found by e-mail, created without a password if new.
    A school's staff member or team member is never a guest (they have their own access)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        first, _sp, last = name.strip().partition(" ")
        user = User(username=email[:150], email=email, first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.full_clean()
        user.save()
        return user
    if Staff.objects.filter(user=user).exists() or Membership.objects.filter(user=user).exists():
        raise ValidationError(
            {
                "email": _(
                    "Denne personen er ansatt ved en skole eller medlem av et team, og kan ikke inviteres som gjest."
                )
            }
        )
    return user


def agency_for(*, meeting: Meeting, name: str, kind: str) -> Agency:
    """The owner's agency of this name, registered now (with `kind`) if it is new. What a guest may
    know of a case follows the consent for this agency (laget.cases.disclosure)."""
    name = name.strip()
    owner_id = meeting.team.school.owner_id
    agency = Agency.objects.filter(owner_id=owner_id, name__iexact=name).first()
    if agency is None:
        agency = Agency(owner_id=owner_id, name=name, kind=kind or Agency.Kind.OTHER)
        agency.full_clean()
        agency.save()
    return agency


def guest_invite(
    *, access, meeting: Meeting, email: str, name: str, agency: str, items, agency_kind: str = Agency.Kind.OTHER
) -> GuestInvitation:
    """Invite an external person to some agenda items of one meeting (lead only). Inviting the same
    person again replaces the items. Logged per student whose case is on an invited item (rule 4).
    The guest's agency is registered by name (`agency_kind` when new): a case is named to the guest
    only when the guardians' consent reaches that agency."""
    require_lead(access, meeting)
    items = list(items)
    if not items:
        raise ValidationError({"items": _("Velg minst én sak gjesten skal delta i.")})
    if any(i.meeting_id != meeting.pk for i in items):
        raise ValidationError({"items": _("Sakene må høre til dette møtet.")})
    with transaction.atomic():
        guest = guest_user_for(email=email, name=name)
        invitation = GuestInvitation.objects.filter(meeting=meeting, guest=guest).first()
        if invitation is None:
            invitation = GuestInvitation(meeting=meeting, guest=guest, invited_by=access.user)
        invitation.agency_name = agency.strip()
        invitation.agency = agency_for(meeting=meeting, name=agency, kind=agency_kind)
        invitation.invited_at = timezone.now()
        invitation.revoked_at = None
        invitation.full_clean(exclude=["items"])
        invitation.save()
        invitation.items.set(items)
        # The guest gets in unaided: a single-use sign-in link by e-mail (laget.meetings.guest_signin).
        from .guest_signin import signin_link_send

        signin_link_send(invitation=invitation, by=access.user)
        _log(
            user=access.user,
            role=access.role_label(meeting.team.school_id),
            action="meeting.guest_invite",
            meeting=meeting,
            items=AgendaItem.objects.filter(pk__in=[i.pk for i in items]).select_related("case"),
            obj=invitation,
        )
    return invitation


def guest_revoke(*, access, invitation: GuestInvitation) -> None:
    """End a guest's access before it expires by itself (lead only)."""
    require_lead(access, invitation.meeting)
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        _log(
            user=access.user,
            role=access.role_label(invitation.meeting.team.school_id),
            action="meeting.guest_revoke",
            meeting=invitation.meeting,
            items=[],
            obj=invitation,
        )


def _active_q_start() -> datetime.datetime:
    """Meetings starting on or after this moment still give access today."""
    first_day = timezone.localdate() - datetime.timedelta(days=settings.GUEST_ACCESS_DAYS_AFTER_MEETING)
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))


def active_invitations_for(user):
    """The guest's unexpired, unrevoked invitations."""
    if not user.is_authenticated:
        return GuestInvitation.objects.none()
    return (
        GuestInvitation.objects.filter(guest=user, revoked_at__isnull=True, meeting__starts_at__gte=_active_q_start())
        .select_related("meeting", "meeting__team", "meeting__team__school", "agency")
        .order_by("meeting__starts_at")
    )


def active_invitations_for_email(email: str):
    """The active invitations of the guest with this address (none for staff: they are never guests)."""
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    if user is None or Staff.objects.filter(user=user).exists():
        return GuestInvitation.objects.none()
    return active_invitations_for(user)


def guest_invitation_get(user, pk) -> GuestInvitation:
    invitation = active_invitations_for(user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def guest_items(invitation: GuestInvitation) -> list[AgendaItem]:
    """Only the invited items, each with its label and free text as the guest's agency may see them:
    named only when the consent reaches that agency (laget.cases.disclosure)."""
    items = invitation.items.select_related(
        "case",
        "case__student",
        "case__student__school_class",
        "task__case__student__school_class",
        "measure__case__student__school_class",
    ).prefetch_related("case__consents__agencies", "case__student__guardians")
    return disclosure.label_items(disclosure.viewer_for_guest(invitation), items.order_by("part", "position", "pk"))


def guest_log_view(*, invitation: GuestInvitation, items) -> None:
    _log(
        user=invitation.guest,
        role=_("Gjest – %(agency)s") % {"agency": invitation.agency_name},
        action="meeting.guest_view",
        meeting=invitation.meeting,
        items=items,
        obj=invitation,
    )


def invitations_for_meeting(meeting: Meeting):
    return meeting.guest_invitations.select_related("guest").prefetch_related("items").order_by("invited_at")
