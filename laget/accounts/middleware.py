"""Session timeouts and the second-factor requirement, enforced for every page.

Order in MIDDLEWARE: after AuthenticationMiddleware, OTPMiddleware and MessageMiddleware.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from laget.organisations.language import LANGUAGE_SESSION_KEY, user_language, valid_language

from . import sessions
from .services import has_confirmed_totp

DEMO_GROUP = "demo"


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = sessions.now()
            auth_at = session.setdefault(sessions.AUTH_AT, now)
            seen_at = session.get(sessions.SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_SECONDS
            expired = now - auth_at > settings.SESSION_ABSOLUTE_SECONDS
            if idle or expired:
                logout(request)
                messages.info(
                    request,
                    _("Du ble logget ut fordi du har vært inaktiv en stund. Logg inn igjen.")
                    if idle
                    else _("Du ble logget ut fordi innloggingen var for gammel. Logg inn igjen."),
                )
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
            if now - seen_at >= sessions.SEEN_RESOLUTION_SECONDS or sessions.SEEN_AT not in session:
                session[sessions.SEEN_AT] = now
        return self.get_response(request)


def otp_exempt(view):
    """Mark a view reachable before the second factor (the 2FA pages themselves)."""
    view.otp_exempt = True
    return view


def second_factor_done(request) -> bool:
    """The one rule for "has this session passed its second factor": a django-otp device (TOTP or a
    recovery code) in this session, or a login that carried its own (Feide's multi-factor level, a
    guest's e-mailed code)."""
    return request.user.is_verified() or bool(sessions.second_factor_elsewhere(request.session))


def skips_second_factor(user) -> bool:
    """Demo users may skip the second factor, but only while settings.DEMO is on."""
    return settings.DEMO and user.groups.filter(name=DEMO_GROUP).exists()


class TwoFactorRequiredMiddleware:
    """Every signed-in user must pass the second factor before any page but login, logout and the 2FA pages.

    A user with a confirmed TOTP device is sent to the code page; one without is sent to enrolment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or second_factor_done(request):
            return None
        if getattr(view_func, "otp_exempt", False) or getattr(view_func, "login_required", True) is False:
            return None
        if request.resolver_match and request.resolver_match.url_name == "logout":
            return None
        if skips_second_factor(user):
            return None
        target = "accounts:verify" if has_confirmed_totp(user) else "accounts:enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class LanguageMiddleware:
    """Activate the written standard for this request: the user's own choice, else their school's
    (kept in the session from login, so a page costs no query for it); for someone not logged in,
    the choice they made in the footer (a cookie). The browser's Accept-Language is not asked: a
    Norwegian school's pages are in its own written standard even in an English browser.

    Order in MIDDLEWARE: after SessionMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = valid_language(request.session.get(LANGUAGE_SESSION_KEY))
            if language is None:
                language = user_language(user)
                request.session[LANGUAGE_SESSION_KEY] = language
        else:
            language = valid_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
