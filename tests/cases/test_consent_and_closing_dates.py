"""Withdrawal and dates: a withdrawal or refusal takes effect from its date and cannot predate the
consent it answers; implausible dates are refused with a Norwegian message and nothing is stored;
a case cannot be closed before it opened (its closing date decides when retention purges it)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from laget.cases.disclosure import has_consent
from laget.cases.models import Case, Consent, ConsentScope
from laget.cases.services import case_close, consent_record
from laget.organisations.access import Access

GIVEN_ON = datetime.date(2026, 9, 2)  # the date case_factory(consent=True) records consent


def record(world, case, status, date, guardians=None, expires_on=None):
    return consent_record(
        access=Access(world.lead),
        case=case,
        guardians=guardians or [world.guardian],
        status=status,
        scopes=[ConsentScope.TEAM],
        date=date,
        method=Consent.Method.SIGNED_FORM,
        expires_on=expires_on,
    )


def test_a_withdrawal_dated_before_the_consent_it_withdraws_is_refused(world, case_factory):
    case = case_factory(consent=True)
    with pytest.raises(ValidationError) as refused:
        record(world, case, Consent.Status.WITHDRAWN, GIVEN_ON - datetime.timedelta(days=30))
    assert "Tilbaketrekkingen kan ikke dateres før samtykket den gjelder" in str(refused.value)
    assert "02.09.2026" in str(refused.value)
    assert case.consents.count() == 2  # nothing stored
    assert has_consent(case)
    # Dated on or after the consent, it takes effect from its date.
    record(world, case, Consent.Status.WITHDRAWN, GIVEN_ON + datetime.timedelta(days=10))
    assert has_consent(case, on=GIVEN_ON + datetime.timedelta(days=9))
    assert not has_consent(case, on=GIVEN_ON + datetime.timedelta(days=10))


def test_a_refusal_dated_before_the_last_decision_is_refused_and_a_withdrawal_needs_a_consent(world, case_factory):
    case = case_factory(consent=True)
    with pytest.raises(ValidationError, match=r"kan\s+ikke dateres før den"):
        record(world, case, Consent.Status.REFUSED, datetime.date(2026, 8, 1))
    unconsented = case_factory()
    with pytest.raises(ValidationError, match="ingenting å trekke tilbake"):
        record(world, unconsented, Consent.Status.WITHDRAWN, GIVEN_ON)
    assert not unconsented.consents.exists()


def test_consent_from_year_one_valid_to_9999_is_refused(world, case_factory):
    case = case_factory()
    with pytest.raises(ValidationError, match="Sjekk årstallet"):
        record(world, case, Consent.Status.GIVEN, datetime.date(1, 1, 1), expires_on=datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError, match="Sjekk årstallet"):
        record(world, case, Consent.Status.GIVEN, GIVEN_ON, expires_on=datetime.date(9999, 12, 31))
    with pytest.raises(ValidationError, match="i dag"):
        record(world, case, Consent.Status.GIVEN, timezone.localdate() + datetime.timedelta(days=1))
    assert not case.consents.exists()
    assert not has_consent(case)


def test_the_consent_page_explains_an_implausible_date_and_keeps_what_was_typed(client, world, case_factory):
    case = case_factory()
    client.force_login(world.lead)
    response = client.post(
        reverse("cases:consent_record", args=[case.pk]),
        {
            "guardians": [world.guardian.pk],
            "status": Consent.Status.GIVEN,
            "scopes": [ConsentScope.TEAM],
            "date": "0001-01-01",
            "method": Consent.Method.SIGNED_FORM,
            "expires_on": "9999-12-31",
            "note": "Mor ringte",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "01.01.0001 er ikke en mulig dato her" in html
    assert "31.12.9999 er ikke en mulig dato her" in html
    assert "Mor ringte" in html
    assert not case.consents.exists()


def test_a_case_cannot_be_closed_before_it_opened_or_in_the_future(world, case_factory):
    case = case_factory()
    lead = Access(world.lead)
    for day in (datetime.date(1900, 1, 1), timezone.localdate() - datetime.timedelta(days=400)):
        with pytest.raises(ValidationError, match=r"Sjekk årstallet|før saken ble opprettet"):
            case_close(access=lead, case=case, outcome=Case.Outcome.RESOLVED, closed_on=day)
    with pytest.raises(ValidationError, match="etter i dag"):
        case_close(
            access=lead,
            case=case,
            outcome=Case.Outcome.RESOLVED,
            closed_on=timezone.localdate() + datetime.timedelta(1),
        )
    case.refresh_from_db()
    assert case.status != Case.Status.CLOSED
    closed = case_close(access=lead, case=case, outcome=Case.Outcome.RESOLVED, closed_on=timezone.localdate())
    assert closed.closed_on == timezone.localdate()


def test_the_close_form_shows_why_1900_is_refused(client, world, case_factory):
    case = case_factory()
    client.force_login(world.lead)
    response = client.post(
        reverse("cases:case_close", args=[case.pk]), {"outcome": Case.Outcome.RESOLVED, "closed_on": "1900-01-01"}
    )
    assert response.status_code == 400
    assert "01.01.1900 er ikke en mulig dato her" in response.content.decode()
    case.refresh_from_db()
    assert case.closed_on is None
