"""Is a date the product is given plausible? One helper for every date a user types.

A year typed wrong (0001, 1900, 9999) must never be stored: a consent "valid to 9999-12-31" would
name a child for ever, a case "closed 1900-01-01" would be purged by the next retention run. Every
form date field gets the general range (`laget.forms.DsFormMixin`); services add the bounds of
their own rule (a consent is not given in the future; a case is not closed before it opened)
through the same function, so the messages read alike.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def _years_from(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def plausible_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The dates anything in a school's routine can be about: DATE_YEARS_BACK before today to
    DATE_YEARS_AHEAD after (a student's birth date is the oldest thing typed, a review date the latest)."""
    today = today or timezone.localdate()
    return _years_from(today, -settings.DATE_YEARS_BACK), _years_from(today, settings.DATE_YEARS_AHEAD)


def display_date(day: datetime.date) -> str:
    """dd.mm.yyyy, as the messages write dates."""
    return date_format(day, "d.m.Y")


def date_error(
    value: datetime.date | None,
    *,
    earliest: datetime.date | None = None,
    earliest_is: str = "",
    latest: datetime.date | None = None,
    latest_is: str = "",
) -> str | None:
    """None when `value` is plausible (or empty), else a Norwegian message saying why and what to do.

    `earliest`/`latest` narrow the general range for one rule; `earliest_is`/`latest_is` name the
    bound in the message ("saken ble opprettet", "i dag")."""
    if value is None:
        return None
    low, high = plausible_range()
    if not low <= value <= high:
        return _("%(date)s er ikke en mulig dato her. Sjekk årstallet: datoen må være mellom %(low)s og %(high)s.") % {
            "date": display_date(value),
            "low": display_date(low),
            "high": display_date(high),
        }
    if earliest is not None and value < earliest:
        return _("Datoen kan ikke være før %(what)s (%(date)s).") % {
            "what": earliest_is or _("den tidligste mulige datoen"),
            "date": display_date(earliest),
        }
    if latest is not None and value > latest:
        return _("Datoen kan ikke være etter %(what)s (%(date)s).") % {
            "what": latest_is or _("den seneste mulige datoen"),
            "date": display_date(latest),
        }
    return None


def validate_plausible_date(value) -> None:
    """Form validator: the general range only."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    message = date_error(value)
    if message:
        raise ValidationError(message, code="implausible_date")
