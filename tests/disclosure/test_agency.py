"""Agencies and the consent scope that reaches each kind."""

import pytest

from laget.cases.models import ConsentScope, consent_scope_for_agency_kind
from laget.organisations.models import Agency


@pytest.mark.parametrize(
    ("kind", "scope"),
    [
        (Agency.Kind.PPT, ConsentScope.PPT),
        (Agency.Kind.HEALTH, ConsentScope.HEALTH),
        (Agency.Kind.CHILD_WELFARE, ConsentScope.CHILD_WELFARE),
        (Agency.Kind.BUP, None),
        (Agency.Kind.TGL, None),
        (Agency.Kind.FBU, None),
        (Agency.Kind.OT, None),
        (Agency.Kind.OTHER, None),
    ],
)
def test_each_agency_kind_is_reached_by_its_own_scope_or_only_by_name(kind, scope):
    assert consent_scope_for_agency_kind(kind) == scope
