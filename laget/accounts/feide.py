"""Feide login (OpenID Connect, authorization code flow with PKCE) through Authlib's Django client.

Authlib does the protocol: discovery, `state` (kept in the session, used once), `nonce`, PKCE, the
token request, and the ID token's signature (the provider's JWKS), issuer, audience, expiry and
nonce. This module only builds the client from settings, turns Authlib's errors into Norwegian
messages, and reads the few claims Laget needs. Who the user is in Laget is decided by
`services.feide_user_resolve`; whether Feide's login counts as the second factor by `is_multi_factor`.

Feide's own documentation (docs.feide.no):
- `sub` is an opaque UUID, long-term, surviving mergers of schools ("User IDs").
- The Feide user id is the claim https://n.feide.no/claims/eduPersonPrincipalName (attribute group
  `userid-feide`), also listed as "feide:<id>" in https://n.feide.no/claims/userid_sec. The ID token
  carries the minimum; these come from the userinfo endpoint.
- A login with Feide's multi-factor authentication carries acr "urn:mace:feide.no:auth:level:fad08:3"
  ("Service-initiated MFA using OpenID Connect"); settings.FEIDE_MFA_ACR_VALUES lists the accepted values.
"""

import logging
from dataclasses import dataclass

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.utils.translation import gettext as _
from joserfc.errors import ExpiredTokenError, JoseError

from .models import normalise_feide_userid

logger = logging.getLogger("laget.accounts")

USERID_CLAIM = "https://n.feide.no/claims/eduPersonPrincipalName"
USERID_SEC_CLAIM = "https://n.feide.no/claims/userid_sec"

_clients: dict = {}


def enabled() -> bool:
    """Feide is offered only when the discovery URL and the client are configured."""
    return bool(settings.FEIDE_DISCOVERY_URL and settings.FEIDE_CLIENT_ID and settings.FEIDE_CLIENT_SECRET)


def client():
    """The Authlib client for the configured provider; discovery and keys are fetched once and cached."""
    key = (settings.FEIDE_DISCOVERY_URL, settings.FEIDE_CLIENT_ID, settings.FEIDE_CLIENT_SECRET, settings.FEIDE_SCOPES)
    app = _clients.get(key)
    if app is None:
        oauth = OAuth()
        app = oauth.register(
            "feide",
            client_id=settings.FEIDE_CLIENT_ID,
            client_secret=settings.FEIDE_CLIENT_SECRET,
            server_metadata_url=settings.FEIDE_DISCOVERY_URL,
            client_kwargs={
                "scope": settings.FEIDE_SCOPES,
                "code_challenge_method": "S256",
                "default_timeout": settings.FEIDE_TIMEOUT_SECONDS,
            },
        )
        _clients.clear()
        _clients[key] = app
    return app


def authorize_params(*, reauthenticate: bool = False) -> dict:
    """Extra authorization parameters. To confirm who is at the keyboard (before changing the second
    factor or the e-mail address), Feide is asked for a fresh login: prompt=login, max_age=0."""
    params = {}
    if settings.FEIDE_REQUEST_ACR_VALUES:
        params["acr_values"] = settings.FEIDE_REQUEST_ACR_VALUES
    if reauthenticate:
        params["prompt"] = "login"
        params["max_age"] = 0
    return params


@dataclass(frozen=True)
class FeideIdentity:
    sub: str
    feide_userid: str
    acr: str
    name: str
    email: str
    auth_time: int | None = None


class FeideLoginError(Exception):
    """A Feide login that must not sign anyone in; `message` is the Norwegian text for the user."""

    def __init__(self, message: str, reason: str):
        super().__init__(reason)
        self.message = message
        self.reason = reason


def is_multi_factor(acr: str) -> bool:
    """True when Feide says it did its own multi-factor login; then Laget's TOTP is not asked for."""
    return bool(acr) and acr in settings.FEIDE_MFA_ACR_VALUES


def _userid_from(claims: dict) -> str:
    value = claims.get(USERID_CLAIM)
    if isinstance(value, str) and value.strip():
        return normalise_feide_userid(value)
    for entry in claims.get(USERID_SEC_CLAIM) or []:
        if isinstance(entry, str) and entry.lower().startswith("feide:"):
            return normalise_feide_userid(entry)
    return ""


def complete(request) -> FeideIdentity:
    """Finish the login at the callback: check `state`, redeem the code, validate the ID token, read userinfo.

    Raises FeideLoginError for anything that is not a valid, fresh login for this browser.
    """
    app = client()
    try:
        token = app.authorize_access_token(request, leeway=settings.FEIDE_CLOCK_SKEW_SECONDS)
    except MismatchingStateError as exc:
        raise FeideLoginError(
            _(
                "Innloggingen kunne ikke fullføres: svaret fra Feide hører ikke til en innlogging som ble "
                "startet i denne nettleseren, eller lenken er brukt før. Start innloggingen på nytt."
            ),
            "state",
        ) from exc
    except OAuthError as exc:
        if exc.error == "access_denied":
            message = _("Innloggingen ble avbrutt i Feide. Du kan prøve igjen.")
        elif exc.error == "invalid_grant":
            message = _(
                "Innloggingen kunne ikke fullføres fordi innloggingskoden fra Feide er brukt før eller utløpt. "
                "Start innloggingen på nytt."
            )
        else:
            message = _("Feide avviste innloggingen. Start innloggingen på nytt.")
        raise FeideLoginError(message, f"oauth:{exc.error}") from exc
    except ExpiredTokenError as exc:
        raise FeideLoginError(
            _("Innloggingen fra Feide var utløpt da den kom fram. Start innloggingen på nytt."), "expired"
        ) from exc
    except (JoseError, AuthlibBaseError, ValueError, KeyError) as exc:
        raise FeideLoginError(
            _("Svaret fra Feide kunne ikke bekreftes, så du ble ikke logget inn. Start innloggingen på nytt."),
            f"invalid:{type(exc).__name__}",
        ) from exc
    except requests.RequestException as exc:
        raise FeideLoginError(_("Laget fikk ikke kontakt med Feide. Prøv igjen om litt."), "unreachable") from exc

    id_claims = dict(token.get("userinfo") or {})
    sub = str(id_claims.get("sub") or "")
    if not sub:
        raise FeideLoginError(_("Svaret fra Feide manglet brukeridentiteten. Start innloggingen på nytt."), "no-sub")
    claims = dict(id_claims)
    if app.load_server_metadata().get("userinfo_endpoint"):
        try:
            info = dict(app.userinfo(token=token))
        except (AuthlibBaseError, requests.RequestException, ValueError) as exc:
            raise FeideLoginError(_("Laget fikk ikke kontakt med Feide. Prøv igjen om litt."), "userinfo") from exc
        # OpenID Connect Core 5.3.2: userinfo about another subject must not be used.
        if str(info.get("sub")) != sub:
            raise FeideLoginError(
                _("Svaret fra Feide kunne ikke bekreftes, så du ble ikke logget inn. Start innloggingen på nytt."),
                "userinfo-sub",
            )
        claims = {**info, **id_claims}
    return FeideIdentity(
        sub=sub,
        feide_userid=_userid_from(claims),
        acr=str(id_claims.get("acr") or ""),
        name=str(claims.get("name") or ""),
        email=str(claims.get("email") or ""),
        auth_time=id_claims.get("auth_time") if isinstance(id_claims.get("auth_time"), int) else None,
    )
