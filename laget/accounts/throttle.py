"""Rate limits for the public login pages: how many attempts per key within a window.

One rule, one place: password reset (per address asked for and per client address) and guests'
sign-in links and one-time codes count here. Rows older than a day are pruned as new ones arrive.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import RateLimitHit

PRUNE_AFTER = datetime.timedelta(days=1)


def _key(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def allow(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while at most `limit` attempts fell within the last `window_seconds`.

    A refused attempt is counted too, so hammering does not reopen the window early.
    """
    now = timezone.now()
    hashed = _key((key or "").strip().lower())
    with transaction.atomic():
        RateLimitHit.objects.filter(scope=scope, at__lt=now - PRUNE_AFTER).delete()
        RateLimitHit.objects.create(scope=scope, key=hashed, at=now)
        since = now - datetime.timedelta(seconds=window_seconds)
        count = RateLimitHit.objects.filter(scope=scope, key=hashed, at__gt=since).count()
    return count <= limit


def reset(*, scope: str, key: str) -> None:
    """Forget the attempts of one key (after a success that ends the series, e.g. a correct code)."""
    RateLimitHit.objects.filter(scope=scope, key=_key((key or "").strip().lower())).delete()
