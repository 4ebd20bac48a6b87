"""Writes for login, sessions and the second factor. Each is one transaction; the docstring says the rule."""

import logging
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from laget.organisations.language import LANGUAGE_SESSION_KEY, user_language, valid_language
from laget.organisations.models import UserPreference

from .models import FeideLink, UserSession, normalise_feide_userid

logger = logging.getLogger("laget.accounts")

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Autentiseringsapp"
RECOVERY_NAME = "Gjenopprettingskoder"


def session_register(*, user, session_key: str) -> None:
    """Remember that this session belongs to the user, so it can be ended from elsewhere."""
    if not session_key:
        return
    with transaction.atomic():
        UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str) -> None:
    """Drop the mapping of a session that has ended (logout)."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end_all(*, user) -> int:
    """End every session of the user ("Logg ut overalt", deactivation, 2FA reset). Returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        for key in keys:
            store(session_key=key).delete()
        UserSession.objects.filter(user=user).delete()
    if keys:
        logger.info("Ended %d session(s) of user %s", len(keys), user.pk)
    return len(keys)


def totp_enrolment_start(*, user, replaces_pk: int | None = None) -> TOTPDevice:
    """A new unconfirmed TOTP device with a fresh secret for each enrolment attempt.

    A secret shown once must not be shown again: whoever had the password before the owner enrolled
    could otherwise read it in their own session and pass the second factor later (ASVS 5.0 V6).
    The attempt this one replaces (same session) and attempts abandoned for ENROLMENT_ATTEMPT_SECONDS
    are deleted; an unconfirmed device never counts as a second factor (django-otp ignores it).
    """
    stale = timezone.now() - timedelta(seconds=settings.TOTP_ENROLMENT_ATTEMPT_SECONDS)
    with transaction.atomic():
        unconfirmed = TOTPDevice.objects.filter(user=user, confirmed=False)
        unconfirmed.filter(Q(pk=replaces_pk) | Q(created_at__lt=stale)).delete()
        return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_enrolment_attempt(*, user, pk: int | None) -> TOTPDevice | None:
    """The unconfirmed device of this session's enrolment attempt, if it is still open."""
    if pk is None:
        return None
    stale = timezone.now() - timedelta(seconds=settings.TOTP_ENROLMENT_ATTEMPT_SECONDS)
    return TOTPDevice.objects.filter(user=user, pk=pk, confirmed=False, created_at__gte=stale).first()


def totp_enrolment_confirm(*, user, device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment with a code from the app; the new device replaces any older one.

    The code goes through django-otp's check, so it is throttled and cannot be reused later.
    """
    if device.user_id != user.pk or device.confirmed:
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    logger.info("User %s enrolled a TOTP device", user.pk)
    return True


def recovery_codes_issue(*, user) -> list[str]:
    """Ten new recovery codes, each usable once; older codes stop working. Shown to the user only once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    logger.info("Issued recovery codes for user %s", user.pk)
    return codes


def two_factor_verify(*, user, token: str):
    """The device that accepts this code (TOTP first, then a one-time recovery code), or None.

    django-otp refuses a TOTP code at or before the last accepted time step (no replay),
    throttles repeated failures, and deletes a recovery code when it is used.
    """
    token = (token or "").strip().replace(" ", "").lower()
    if not token:
        return None
    devices = [d for d in devices_for_user(user) if isinstance(d, TOTPDevice | StaticDevice)]
    devices.sort(key=lambda d: 0 if isinstance(d, TOTPDevice) else 1)
    for device in devices:
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_reset(*, user, by) -> int:
    """Admin reset: delete all the user's second-factor devices and end their sessions.

    The user then enrols again after their next password login. Logged with who did it.
    """
    with transaction.atomic():
        count = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            count += 1
        sessions_end_all(user=user)
    logger.warning("Two-factor reset for user %s by user %s (%d devices deleted)", user.pk, by.pk, count)
    return count


def email_change(*, user, email: str) -> None:
    """Change the user's e-mail address (the view requires fresh re-authentication)."""
    with transaction.atomic():
        user.email = email
        user.full_clean(exclude=["password"])
        user.save(update_fields=["email"])
    logger.info("User %s changed e-mail address", user.pk)


def feide_link_set(*, user, feide_userid: str, by=None) -> FeideLink:
    """Record a user's Feide user id (administrator or staff import); the `sub` is bound at first login.

    Changing the Feide user id unbinds the old `sub`, so the next Feide login binds afresh.
    """
    with transaction.atomic():
        link = FeideLink.objects.select_for_update().filter(user=user).first() or FeideLink(user=user)
        new = normalise_feide_userid(feide_userid)
        if link.feide_userid != new:
            link.sub = None
            link.linked_at = None
        link.feide_userid = new or None
        link.full_clean()
        link.save()
    logger.info("Feide user id of user %s set by %s", user.pk, getattr(by, "pk", "import"))
    return link


def feide_user_resolve(*, sub: str, feide_userid: str):
    """The active Laget user this Feide login belongs to, or None — never a new user.

    Rule: a user is recognised by Feide's `sub` once bound. Before that, only by the Feide user id an
    administrator (or the staff import) recorded on the user; the first such login binds the `sub`.
    A recorded user id that is already bound to another `sub` is refused (someone else's account).
    """
    with transaction.atomic():
        link = FeideLink.objects.select_for_update().select_related("user").filter(sub=sub).first()
        if link is None and feide_userid:
            link = (
                FeideLink.objects.select_for_update()
                .select_related("user")
                .filter(feide_userid=normalise_feide_userid(feide_userid))
                .first()
            )
            if link is not None and link.sub and link.sub != sub:
                logger.warning("Feide login refused: user id of user %s is bound to another sub", link.user_id)
                return None
            if link is not None:
                link.sub = sub
                link.linked_at = timezone.now()
                logger.info("Feide sub bound to user %s at first Feide login", link.user_id)
        if link is None or not link.user.is_active:
            return None
        link.last_login_at = timezone.now()
        link.save()
    return link.user


@transaction.atomic
def language_choose(*, user, language: str, session=None) -> None:
    """The user's own written standard (blank: the school's). Takes effect at once in this session."""
    if language and valid_language(language) is None:
        raise ValidationError(_("Velg bokmål, nynorsk eller engelsk."))
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    if session is not None:
        session[LANGUAGE_SESSION_KEY] = language or user_language(user)
