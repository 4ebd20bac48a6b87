"""Guests sign in unaided: an e-mailed single-use link, then a one-time code to the same address.

The rule (Laget's guest access, docs/security.md § 6): a guest from an invited agency has no password.
Inviting them e-mails a link that works once and expires; opening it (a button, so a mail scanner
that fetches the link uses nothing) e-mails a six-digit code, which is the second factor. Only hashes
of the link and the code are stored. Every step is written to the school's access log; a link that
matches nothing is logged to the global chain (it belongs to no school). Attempts are rate-limited.
"""

import datetime
import hashlib
import hmac
import logging
import secrets
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.accounts import throttle
from laget.audit.services import access_log_write

from .models_guest import GuestInvitation, GuestSignIn

logger = logging.getLogger("laget.meetings")

CODE_DIGITS = 6


def _hash(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def _role(invitation: GuestInvitation) -> str:
    return _("Gjest – %(agency)s") % {"agency": invitation.agency_name}


def _log(*, action: str, invitation: GuestInvitation | None, user=None, detail: str = "") -> None:
    if invitation is None:
        access_log_write(user=None, action=action, detail=detail)
        return
    access_log_write(
        user=user or invitation.guest,
        role=_role(invitation) if user is None or user == invitation.guest else "",
        action=action,
        school_id=invitation.meeting.team.school_id,
        obj=invitation,
        detail=detail,
    )


def _send(message: EmailMultiAlternatives) -> None:
    """Send now, inside the caller's transaction: if the e-mail cannot go, nothing is stored and the
    caller shows why (rule: nothing silently does nothing)."""
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as exc:
        logger.error("Guest e-mail could not be sent: %s", exc)
        raise ValidationError(
            {"email": _("E-posten til gjesten kunne ikke sendes akkurat nå. Ingenting er lagret; prøv igjen om litt.")}
        ) from exc


def link_expiry(invitation: GuestInvitation) -> datetime.datetime:
    """GUEST_SIGNIN_LINK_HOURS from now, but never past the invitation's last day."""
    until = timezone.now() + datetime.timedelta(hours=settings.GUEST_SIGNIN_LINK_HOURS)
    last_day_end = timezone.make_aware(
        datetime.datetime.combine(invitation.valid_until + datetime.timedelta(days=1), datetime.time.min)
    )
    return min(until, last_day_end)


def signin_link_send(*, invitation: GuestInvitation, by=None) -> GuestSignIn:
    """Issue a new sign-in link for the guest and e-mail it (at invitation, or when the guest asks again).

    Earlier unused links of the invitation stop working: only the newest link in the guest's inbox counts.
    """
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        GuestSignIn.objects.filter(invitation=invitation, used_at__isnull=True).update(used_at=now)
        signin = GuestSignIn.objects.create(
            invitation=invitation, token_hash=_hash(token), created_at=now, expires_at=link_expiry(invitation)
        )
        meeting = invitation.meeting
        context = {
            "invitation": invitation,
            "guest": invitation.guest,
            "meeting": meeting,
            "school": meeting.team.school,
            "starts_at": timezone.localtime(meeting.starts_at),
            "expires_at": timezone.localtime(signin.expires_at),
            "url": settings.SITE_URL.rstrip("/") + reverse("guests:signin", args=[token]),
        }
        subject = " ".join(render_to_string("meetings/email/guest_signin_link_subject.txt", context).split())
        body = render_to_string("meetings/email/guest_signin_link.txt", context)
        _log(action="guest.signin_link_sent", invitation=invitation, user=by)
        _send(EmailMultiAlternatives(subject=subject, body=body, to=[invitation.guest.email]))
    return signin


class SignInRefused(Exception):
    """The link or code cannot be used; `message` is the Norwegian text for the guest."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def _client_allowed(client: str) -> bool:
    return throttle.allow(
        scope="guest-signin-ip",
        key=client,
        limit=settings.GUEST_SIGNIN_PER_CLIENT_PER_HOUR,
        window_seconds=3600,
    )


def _too_many() -> SignInRefused:
    return SignInRefused(_("For mange forsøk fra denne nettleseren. Vent en time og prøv igjen."), 429)


def signin_link_check(*, token: str, client: str) -> GuestSignIn:
    """The guest opened the link: the sign-in it belongs to if it can still be used (logged), otherwise
    SignInRefused (logged too)."""
    signin = _usable(token=token, client=client)
    _log(action="guest.signin_link_opened", invitation=signin.invitation)
    return signin


def _usable(*, token: str, client: str) -> GuestSignIn:
    if not _client_allowed(client):
        raise _too_many()
    signin = (
        GuestSignIn.objects.select_related("invitation", "invitation__guest", "invitation__meeting__team__school")
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    if signin is None:
        _log(action="guest.signin_link_unknown", invitation=None)
        raise SignInRefused(
            _(
                "Lenken virker ikke. Sjekk at du har med hele lenken fra e-posten, eller be om en ny lenke "
                "med e-postadressen du ble invitert med."
            ),
            404,
        )
    invitation = signin.invitation
    if signin.used_at is not None:
        _log(action="guest.signin_link_reused", invitation=invitation)
        raise SignInRefused(
            _("Denne lenken er allerede brukt. Hver lenke virker bare én gang. Be om en ny lenke nedenfor."), 410
        )
    if not invitation.is_active:
        _log(action="guest.signin_invitation_ended", invitation=invitation)
        raise SignInRefused(
            _("Invitasjonen er avsluttet, så lenken virker ikke lenger. Kontakt skolen som inviterte deg."), 410
        )
    if timezone.now() >= signin.expires_at:
        _log(action="guest.signin_link_expired", invitation=invitation)
        raise SignInRefused(
            _("Lenken er utløpt. Be om en ny lenke nedenfor med e-postadressen du ble invitert med."), 410
        )
    return signin


def signin_link_use(*, token: str, client: str) -> GuestSignIn:
    """The guest pressed "send code": the link is used up now, and a one-time code goes to their address."""
    signin = _usable(token=token, client=client)  # a refusal is logged and kept (outside the savepoint)
    with transaction.atomic():
        signin = (
            GuestSignIn.objects.select_for_update().select_related("invitation", "invitation__guest").get(pk=signin.pk)
        )
        if signin.used_at is not None:  # a second tab won the race
            raise SignInRefused(_("Denne lenken er allerede brukt. Hver lenke virker bare én gang."), 410)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        now = timezone.now()
        signin.used_at = now
        signin.code_hash = _hash(f"code:{signin.pk}:{code}")
        signin.code_expires_at = now + datetime.timedelta(minutes=settings.GUEST_SIGNIN_CODE_MINUTES)
        signin.code_attempts = 0
        signin.save(update_fields=["used_at", "code_hash", "code_expires_at", "code_attempts"])
        invitation = signin.invitation
        context = {"guest": invitation.guest, "code": code, "minutes": settings.GUEST_SIGNIN_CODE_MINUTES}
        subject = " ".join(render_to_string("meetings/email/guest_signin_code_subject.txt", context).split())
        body = render_to_string("meetings/email/guest_signin_code.txt", context)
        _log(action="guest.signin_code_sent", invitation=invitation)
        _send(EmailMultiAlternatives(subject=subject, body=body, to=[invitation.guest.email]))
    return signin


def signin_code_verify(*, signin_id, code: str, client: str) -> GuestSignIn:
    """Check the one-time code of a used link (same browser session). Returns the sign-in on success;
    SignInRefused otherwise. The code works once, for GUEST_SIGNIN_CODE_MINUTES, with few attempts.
    A wrong code is counted and logged before the refusal is raised, so the count survives it."""
    if not _client_allowed(client):
        raise _too_many()
    refusal = None
    with transaction.atomic():
        signin = (
            GuestSignIn.objects.select_for_update()
            .select_related("invitation", "invitation__guest", "invitation__meeting__team__school")
            .filter(pk=signin_id, used_at__isnull=False, signed_in_at__isnull=True)
            .first()
        )
        invitation = signin.invitation if signin else None
        too_many = _("For mange feil koder. Be om en ny lenke, så får du en ny kode.")
        given = "".join((code or "").split())
        if signin is None or not signin.code_hash:
            refusal = SignInRefused(_("Start med lenken i e-posten, så sender vi deg en kode."), 400)
        elif not invitation.is_active:
            _log(action="guest.signin_invitation_ended", invitation=invitation)
            refusal = SignInRefused(_("Invitasjonen er avsluttet. Kontakt skolen som inviterte deg."), 410)
        elif timezone.now() >= signin.code_expires_at:
            _log(action="guest.signin_code_expired", invitation=invitation)
            refusal = SignInRefused(_("Koden er utløpt. Be om en ny lenke, så får du en ny kode."), 410)
        elif signin.code_attempts >= settings.GUEST_SIGNIN_CODE_ATTEMPTS:
            refusal = SignInRefused(too_many, 429)
        elif not hmac.compare_digest(signin.code_hash, _hash(f"code:{signin.pk}:{given}")):
            signin.code_attempts += 1
            signin.save(update_fields=["code_attempts"])
            _log(action="guest.signin_code_wrong", invitation=invitation)
            left = settings.GUEST_SIGNIN_CODE_ATTEMPTS - signin.code_attempts
            refusal = (
                SignInRefused(too_many, 429)
                if left <= 0
                else SignInRefused(_("Koden stemmer ikke. Du har %(n)d forsøk igjen.") % {"n": left}, 400)
            )
        else:
            signin.signed_in_at = timezone.now()
            signin.code_hash = ""
            signin.save(update_fields=["signed_in_at", "code_hash"])
            _log(action="guest.signin", invitation=invitation)
    if refusal is not None:
        raise refusal
    return signin


def signin_link_request(*, email: str, client: str) -> None:
    """A guest asks for a new link by e-mail address. Sent only for an active invitation; the answer
    to the guest is the same either way (no one learns who is invited). Rate-limited per address."""
    allowed = throttle.allow(
        scope="guest-new-link", key=email, limit=settings.GUEST_SIGNIN_NEW_LINKS_PER_HOUR, window_seconds=3600
    )
    if not (allowed and _client_allowed(client)):
        raise _too_many()
    from .guests import active_invitations_for_email

    invitation = active_invitations_for_email(email).first()
    if invitation is None:
        return
    signin_link_send(invitation=invitation)
