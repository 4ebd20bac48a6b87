"""Sandnes (seed 002 §4): "Det kreves skriftlig tillatelse fra foresatte før elevsaker kan drøftes"."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from laget.cases.models import Consent, ConsentScope
from laget.cases.services import consent_record
from laget.organisations.access import Access
from laget.routines.services import routine_load_preset


def record(world, case, method):
    return consent_record(
        access=Access(world.teacher),
        case=case,
        guardians=[world.guardian],
        status=Consent.Status.GIVEN,
        scopes=[ConsentScope.TEAM],
        date=datetime.date(2026, 9, 2),
        method=method,
    )


def test_routine_requiring_written_consent_refuses_oral_consent(world, case_factory):
    routine_load_preset(school=world.school, preset="sandnes_grunnskole")
    case = case_factory()
    with pytest.raises(ValidationError) as error:
        record(world, case, Consent.Method.PHONE)
    assert "skriftlig" in str(error.value)
    assert not case.consents.exists()
    record(world, case, Consent.Method.SIGNED_FORM)
    assert case.consents.count() == 1


def test_without_such_a_routine_oral_consent_is_recorded(world, case_factory):
    case = case_factory()
    record(world, case, Consent.Method.PHONE)
    assert case.consents.count() == 1
