"""Writes of the deadline engine's own data: the private calendar-feed token."""

import secrets

from django.db import transaction

from .models import CalendarFeed


def feed_regenerate(*, user) -> CalendarFeed:
    """Give the user a new random feed token; the old URL stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            user=user, defaults={"token": secrets.token_urlsafe(32)}
        )
        if not created:
            feed.token = secrets.token_urlsafe(32)
            feed.full_clean()
            feed.save(update_fields=["token"])
    return feed


def feed_revoke(*, user) -> None:
    """Delete the user's feed token; the URL answers 404 from now on."""
    CalendarFeed.objects.filter(user=user).delete()
