"""Consent rules (rule 3): when may a case's student be named, and for what use."""

import datetime

from django.utils import timezone

from .models import Consent, ConsentScope


def consent_is_valid(consents, scope: str = ConsentScope.TEAM, on: datetime.date | None = None) -> bool:
    """Valid when some guardian's latest decision for `scope` is a current "given",
    and no guardian's latest decision for it is a refusal or withdrawal.

    `consents` is the case's consent rows (a list, so callers can prefetch).
    """
    on = on or timezone.localdate()
    latest = {}
    for c in sorted(consents, key=lambda c: (c.date, c.recorded_at or timezone.now(), c.pk or 0)):
        if c.date > on or scope not in (c.scopes or []):
            continue
        latest[c.guardian_id] = c
    if not latest:
        return False
    if any(c.status != Consent.Status.GIVEN for c in latest.values()):
        return False
    return any(c.expires_on is None or c.expires_on >= on for c in latest.values())


def case_is_named(case, scope: str = ConsentScope.TEAM, on=None) -> bool:
    """An individual case is named only with valid consent; system cases have no student."""
    if case.student_id is None:
        return False
    return consent_is_valid(list(case.consents.all()), scope, on)


def anonymous_label(case) -> str:
    from django.utils.translation import gettext as _

    if case.student_id is None:
        return case.title or _("Systemsak %(number)s") % {"number": case.number}
    return _("Anonym sak %(number)s (%(grade)s. trinn)") % {"number": case.number, "grade": case.student.grade}


def case_label(case, *, named: bool) -> str:
    """The name a case is shown under. `named` must come from case_is_named or the viewer's relation."""
    if case.student_id is None:
        return anonymous_label(case)
    if named:
        return f"{case.student.full_name} ({case.student.school_class.name})"
    return anonymous_label(case)
