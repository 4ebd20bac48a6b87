"""Rule 6: a referral to PPT needs a team discussion, tried and evaluated measures and a
pedagogical report, or a recorded reason why not."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from ppt_helpers import access, discuss, evaluated_measure, ready_case

from laget.meetings.models import Meeting
from laget.ppt.models import PptProcess, Step
from laget.ppt.services import ppt_referral_create

REPORT = "Eleven har svakt utbytte i norsk og matematikk til tross for tilpasninger."
REASON = "Eleven har en akutt situasjon, og tiltak kan ikke prøves ut før PPT har vurdert saken."


def test_referral_refused_when_case_not_discussed_in_team(world, case_factory):
    case = case_factory(consent=True)
    evaluated_measure(world, case)
    with pytest.raises(ValidationError) as exc:
        ppt_referral_create(access=access(world.lead), case=case, pedagogical_report=REPORT, exception_reason=REASON)
    assert "ikke drøftet i ressursteamet" in str(exc.value)
    assert not PptProcess.objects.exists()


def test_discussion_in_a_meeting_not_yet_held_does_not_count(world, case_factory):
    case = case_factory(consent=True)
    discuss(world, case, status=Meeting.Status.INVITED)
    evaluated_measure(world, case)
    with pytest.raises(ValidationError, match="ikke drøftet"):
        ppt_referral_create(access=access(world.lead), case=case, pedagogical_report=REPORT)


def test_referral_refused_without_evaluated_measures(world, case_factory):
    case = case_factory(consent=True)
    discuss(world, case, status=Meeting.Status.APPROVED)
    with pytest.raises(ValidationError) as exc:
        ppt_referral_create(access=access(world.lead), case=case, pedagogical_report=REPORT)
    assert "utprøvde tiltak som er evaluert" in str(exc.value)


def test_referral_refused_without_pedagogical_report(world, case_factory):
    case = ready_case(world, case_factory)
    with pytest.raises(ValidationError) as exc:
        ppt_referral_create(access=access(world.lead), case=case, pedagogical_report="  ")
    assert "pedagogisk rapport" in str(exc.value)


def test_short_reason_why_not_is_refused(world, case_factory):
    case = case_factory(consent=True)
    discuss(world, case)
    with pytest.raises(ValidationError, match="minst"):
        ppt_referral_create(access=access(world.lead), case=case, exception_reason="Haster")


def test_recorded_reason_why_not_allows_referral_and_keeps_who_and_when(world, case_factory):
    case = case_factory(consent=True)
    discuss(world, case)
    process = ppt_referral_create(access=access(world.lead), case=case, exception_reason=REASON)
    assert process.exception_reason == REASON
    assert process.exception_by == world.lead
    assert process.exception_at is not None
    assert list(process.steps.values_list("step", flat=True)) == [Step.REFERRAL_DRAFTED]


def test_complete_case_may_be_referred(world, case_factory):
    case = ready_case(world, case_factory)
    process = ppt_referral_create(access=access(world.lead), case=case, pedagogical_report=REPORT)
    assert process.exception_reason == ""
    assert process.exception_by is None


def test_only_one_running_referral_per_case(world, case_factory):
    case = ready_case(world, case_factory)
    ppt_referral_create(access=access(world.lead), case=case, pedagogical_report=REPORT)
    with pytest.raises(ValidationError, match="allerede"):
        ppt_referral_create(access=access(world.lead), case=case, pedagogical_report=REPORT)


def test_referral_drafted_only_by_the_routines_role(world, case_factory):
    # The default routine names the special-education coordinator; the PP-rådgiver may not draft.
    case = ready_case(world, case_factory)
    with pytest.raises(PermissionDenied):
        ppt_referral_create(access=access(world.member), case=case, pedagogical_report=REPORT)
