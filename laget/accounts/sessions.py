"""Session bookkeeping: when the user logged in, when they were last seen, fresh re-authentication.

Timestamps are epoch seconds in the session so the timeout check costs no query.
"""

import time

AUTH_AT = "laget_auth_at"
SEEN_AT = "laget_seen_at"
REAUTH_AT = "laget_reauth_at"
REAUTH_SECONDS = 5 * 60
# Writing the session on every request would cost a query each time; a minute's precision is enough.
SEEN_RESOLUTION_SECONDS = 60


def now() -> int:
    return int(time.time())


def mark_login(session) -> None:
    session[AUTH_AT] = session[SEEN_AT] = now()
    session.pop(REAUTH_AT, None)


def mark_reauthenticated(session) -> None:
    session[REAUTH_AT] = now()


def recently_reauthenticated(session) -> bool:
    at = session.get(REAUTH_AT)
    return at is not None and now() - at <= REAUTH_SECONDS
