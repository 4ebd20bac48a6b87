"""The client's IP address for lockout (django-axes), also behind a reverse proxy."""

import ipaddress

from django.conf import settings


def _valid(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the X-Forwarded-For entry the outermost one wrote.

    Each proxy appends the address it received the request from, so entries further left than that
    are whatever the client chose to send and must not be trusted (a forged address would dodge
    the lockout or lock someone else out).
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not chain:
        return remote
    candidate = chain[-count] if len(chain) >= count else chain[0]
    return candidate if _valid(candidate) else remote
