"""Feide login for staff: start (redirect to Feide) and the callback. The protocol is in accounts.feide."""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import feide, services, sessions

logger = logging.getLogger("laget.accounts")

NEXT_KEY = "laget_feide_next"
REAUTH_KEY = "laget_feide_reauth"  # the user id that asked to confirm themselves with Feide
BACKEND = "laget.accounts.backends.SignedInElsewhereBackend"


def _safe_next(request) -> str:
    target = request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def redirect_uri() -> str:
    """The callback address registered at Feide: SITE_URL + /logg-inn/feide/tilbake/."""
    return settings.SITE_URL.rstrip("/") + reverse("feide_callback")


@login_not_required
@require_GET
def feide_login(request):
    """Send the browser to Feide, with a fresh state, nonce and PKCE verifier kept in the session."""
    if not feide.enabled():
        raise Http404
    request.session[NEXT_KEY] = _safe_next(request)
    reauthenticate = request.user.is_authenticated and request.GET.get("bekreft") == "1"
    if reauthenticate:
        request.session[REAUTH_KEY] = request.user.pk
    else:
        request.session.pop(REAUTH_KEY, None)
    try:
        return feide.client().authorize_redirect(
            request, redirect_uri(), **feide.authorize_params(reauthenticate=reauthenticate)
        )
    except (requests.RequestException, AuthlibBaseError, ValueError) as exc:
        logger.error("Feide login could not start: %s", exc)
        messages.error(request, _("Laget fikk ikke kontakt med Feide. Prøv igjen om litt, eller logg inn med passord."))
        return redirect("login")


def _refuse(request, message: str, status: int):
    return render(request, "registration/feide_refused.html", {"message": message}, status=status)


@login_not_required
@require_GET
def feide_callback(request):
    """Feide sends the browser back here. A valid login of a user bound to this Feide identity signs
    them in; Feide's multi-factor level (acr) counts as the second factor, otherwise Laget asks for TOTP."""
    if not feide.enabled():
        raise Http404
    try:
        identity = feide.complete(request)
    except feide.FeideLoginError as exc:
        logger.warning("Feide login refused: %s", exc.reason)
        return _refuse(request, exc.message, 400)
    reauth_user_id = request.session.pop(REAUTH_KEY, None)
    if reauth_user_id is not None:
        return _reauthenticated(request, identity, reauth_user_id)
    user = services.feide_user_resolve(sub=identity.sub, feide_userid=identity.feide_userid)
    if user is None:
        logger.warning("Feide login refused: no Laget user for this Feide identity")
        message = _(
            "Feide-brukeren din er ikke knyttet til en bruker i Laget, så du er ikke logget inn. "
            "Be administratoren av Laget ved skolen din om å legge inn Feide-brukernavnet ditt%(userid)s på "
            "brukeren din. Prøv deretter igjen."
        ) % {"userid": f" ({identity.feide_userid})" if identity.feide_userid else ""}
        return _refuse(request, message, 403)
    next_url = request.session.pop(NEXT_KEY, "")
    auth_login(request, user, backend=BACKEND)
    request.session[sessions.LOGIN_METHOD] = "feide"
    if feide.is_multi_factor(identity.acr):
        sessions.mark_second_factor_elsewhere(request.session, "feide")
    return HttpResponseRedirect(next_url or reverse(settings.LOGIN_REDIRECT_URL))


def _reauthenticated(request, identity, user_id):
    """A signed-in user confirmed themselves with a fresh Feide login: the same person, just now.
    Never signs anyone else in."""
    link = getattr(request.user, "feide_link", None) if request.user.is_authenticated else None
    fresh = identity.auth_time is not None and sessions.now() - identity.auth_time <= sessions.REAUTH_SECONDS
    if request.user.pk != user_id or link is None or link.sub != identity.sub:
        logger.warning("Feide re-authentication refused: another Feide user than the signed-in one")
        message = _("Du bekreftet med en annen Feide-bruker enn den du er logget inn med. Ingenting er endret.")
        return _refuse(request, message, 403)
    if not fresh:
        logger.warning("Feide re-authentication refused: no fresh login at Feide")
        return _refuse(request, _("Feide bekreftet ikke en ny innlogging. Prøv igjen."), 400)
    sessions.mark_reauthenticated(request.session)
    next_url = request.session.pop(NEXT_KEY, "")
    return HttpResponseRedirect(next_url or reverse("accounts:account"))
