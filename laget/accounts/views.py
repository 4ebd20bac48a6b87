"""Login's second step, enrolment, recovery codes and the account page (/konto/)."""

from base64 import b32encode
from functools import wraps
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from laget.organisations.language import user_language, valid_language
from laget.organisations.models import UserPreference

from . import feide, services, sessions
from .forms import CodeForm, EmailForm, EnrolForm, PasswordAgainForm
from .middleware import otp_exempt, second_factor_done

RECOVERY_SESSION_KEY = "laget_recovery_codes"
ENROLMENT_SESSION_KEY = "laget_totp_enrolment"


def _next_url(request, default="home:my_page") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


def _complete_second_factor(request, device) -> None:
    """Mark the session verified, then give it a new key: its privileges just went up."""
    django_otp.login(request, device)
    old_key = request.session.session_key
    request.session.cycle_key()
    services.session_forget(session_key=old_key)
    services.session_register(user=request.user, session_key=request.session.session_key)


def reauth_required(view):
    """The password again, at most five minutes ago, before changing 2FA or the e-mail address."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not sessions.recently_reauthenticated(request.session):
            return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper


@otp_exempt
def verify(request):
    if second_factor_done(request):
        return HttpResponseRedirect(_next_url(request))
    if not services.has_confirmed_totp(request.user):
        return redirect(f"{reverse('accounts:enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_verify(user=request.user, token=form.cleaned_data["code"])
        if device is not None:
            _complete_second_factor(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device__user=request.user).count()
                messages.warning(request, _("Du brukte en gjenopprettingskode. Du har %(n)d igjen.") % {"n": left})
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", _("Koden stemmer ikke, eller den er brukt før. Vent på en ny kode og prøv igjen."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request), "otp_pending": True})


def _secret_text(device) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@otp_exempt
def enrol(request):
    user = request.user
    if services.has_confirmed_totp(user):
        if not second_factor_done(request):
            return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': _next_url(request)})}")
        if not sessions.recently_reauthenticated(request.session):
            return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': request.get_full_path()})}")
    # A fresh secret for every attempt: a GET starts one; a POST answers this session's attempt.
    attempt_pk = request.session.get(ENROLMENT_SESSION_KEY)
    device = None
    if request.method == "POST":
        device = services.totp_enrolment_attempt(user=user, pk=attempt_pk)
    form = EnrolForm(request.POST or None)
    if device is None:
        device = services.totp_enrolment_start(user=user, replaces_pk=attempt_pk)
        request.session[ENROLMENT_SESSION_KEY] = device.pk
        if request.method == "POST":
            form.is_valid()
            form.add_error("code", _("Oppsettet var utløpt. Skann den nye QR-koden under og skriv inn koden."))
    elif form.is_valid():
        token = form.cleaned_data["code"].replace(" ", "")
        if services.totp_enrolment_confirm(user=user, device=device, token=token):
            device.refresh_from_db()
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            _complete_second_factor(request, device)
            request.session[RECOVERY_SESSION_KEY] = services.recovery_codes_issue(user=user)
            return redirect(f"{reverse('accounts:recovery_codes')}?{urlencode({'next': _next_url(request)})}")
        form.add_error(
            "code", _("Koden stemmer ikke. Sjekk at klokka på telefonen er riktig, og prøv den neste koden.")
        )
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title=_("QR-kode for autentiseringsappen")
    )
    context = {"form": form, "qr_svg": qr, "secret": _secret_text(device), "next": _next_url(request)}
    context["otp_pending"] = not second_factor_done(request)
    return render(request, "accounts/enrol.html", context)


def recovery_codes(request):
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if not codes:
        return HttpResponseRedirect(_next_url(request, default="accounts:account"))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@reauth_required
def recovery_codes_new(request):
    if request.method == "POST":
        request.session[RECOVERY_SESSION_KEY] = services.recovery_codes_issue(user=request.user)
        url = reverse("accounts:account")
        return redirect(f"{reverse('accounts:recovery_codes')}?{urlencode({'next': url})}")
    return render(request, "accounts/recovery_codes_new.html", {})


def account(request):
    user = request.user
    context = {
        "has_totp": services.has_confirmed_totp(user),
        "recovery_left": StaticToken.objects.filter(device__user=user).count(),
        "session_count": user.laget_sessions.count(),
        "feide_userid": getattr(getattr(user, "feide_link", None), "feide_userid", ""),
        "languages": settings.LANGUAGES,
        "chosen_language": UserPreference.objects.filter(user=user).values_list("language", flat=True).first() or "",
        "school_language_name": dict(settings.LANGUAGES)[user_language(user, ignore_choice=True)],
    }
    return render(request, "accounts/account.html", context)


def reauth(request):
    form = PasswordAgainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=request.user.get_username(), password=form.cleaned_data["password"])
        if user is not None and user.pk == request.user.pk:
            sessions.mark_reauthenticated(request.session)
            return HttpResponseRedirect(_next_url(request, default="accounts:account"))
        form.add_error("password", _("Feil passord."))
    link = getattr(request.user, "feide_link", None)
    context = {
        "form": form,
        "next": _next_url(request, "accounts:account"),
        "has_password": request.user.has_usable_password(),
        "feide_reauth": feide.enabled() and link is not None and bool(link.sub),
    }
    return render(request, "accounts/reauth.html", context)


@reauth_required
def email_change(request):
    form = EmailForm(request.POST or None, user=request.user, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        services.email_change(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("E-postadressen er endret."))
        return redirect("accounts:account")
    return render(request, "accounts/email_change.html", {"form": form})


@require_POST
def logout_everywhere(request):
    services.sessions_end_all(user=request.user)
    logout(request)
    messages.success(request, _("Du er logget ut på alle enheter."))
    return redirect("login")


def lockout(request, *args, **kwargs):
    """django-axes calls this when an account or address is locked (AXES_LOCKOUT_CALLABLE)."""
    return render(request, "accounts/lockout.html", {"cooloff_hours": settings.AXES_COOLOFF_TIME}, status=429)


@login_not_required
@otp_exempt
@require_POST
def language(request):
    """Choose the written standard: saved for a logged-in user, a cookie for someone who is not."""
    code = request.POST.get("language", "")
    response = HttpResponseRedirect(_next_url(request, "home:my_page" if request.user.is_authenticated else "login"))
    if request.user.is_authenticated:
        try:
            services.language_choose(user=request.user, language=code, session=request.session)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return response
    elif valid_language(code) is None:
        messages.error(request, _("Velg bokmål, nynorsk eller engelsk."))
        return response
    if valid_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            httponly=True,
        )
    return response
