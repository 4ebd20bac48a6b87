"""Session bookkeeping: when the user logged in, when they were last seen, fresh re-authentication.

Timestamps are epoch seconds in the session so the timeout check costs no query.
"""

import time

AUTH_AT = "laget_auth_at"
SEEN_AT = "laget_seen_at"
REAUTH_AT = "laget_reauth_at"
# How the second factor was satisfied outside django-otp: "feide" (Feide's own multi-factor login)
# or "guest-email" (a guest's one-time code by e-mail). Set only by the services that checked it.
SECOND_FACTOR_BY = "laget_second_factor_by"
LOGIN_METHOD = "laget_login_method"
REAUTH_SECONDS = 5 * 60
# Writing the session on every request would cost a query each time; a minute's precision is enough.
SEEN_RESOLUTION_SECONDS = 60


def now() -> int:
    return int(time.time())


def mark_login(session) -> None:
    session[AUTH_AT] = session[SEEN_AT] = now()
    session.pop(REAUTH_AT, None)


def mark_second_factor_elsewhere(session, method: str) -> None:
    """The login itself carried a second factor Laget trusts (see SECOND_FACTOR_BY)."""
    session[SECOND_FACTOR_BY] = method


def second_factor_elsewhere(session) -> str:
    return session.get(SECOND_FACTOR_BY, "")


def mark_reauthenticated(session) -> None:
    session[REAUTH_AT] = now()


def recently_reauthenticated(session) -> bool:
    at = session.get(REAUTH_AT)
    return at is not None and now() - at <= REAUTH_SECONDS
