"""Services for referrals, consent, health notes and closing cases."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from laget.audit.models import AccessLogEntry
from laget.cases.disclosure import TEAM, case_label, has_consent
from laget.cases.models import Case, Consent, ConsentScope, Kind, Referral
from laget.cases.services import (
    ConcurrentEditError,
    attachment_add,
    case_close,
    consent_record,
    healthnote_add,
    referral_save_draft,
    referral_submit,
)
from laget.organisations.access import Access

TODAY = timezone.localdate()


def draft(world, user=None, **data):
    data.setdefault("referral_date", datetime.date(2026, 9, 1))
    data.setdefault("first_concern_date", datetime.date(2026, 8, 1))
    return referral_save_draft(access=Access(user or world.teacher), school=world.school, data=data)


def test_draft_keeps_partial_input(world):
    referral = draft(world, social_description="Trives i friminuttene")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT
    assert referral.student is None
    assert referral.social_description == "Trives i friminuttene"
    assert referral.case is None


def test_draft_keeps_tried_measures_rows_and_drops_empty_ones(world):
    referral = referral_save_draft(
        access=Access(world.teacher),
        school=world.school,
        data={"student": world.student},
        tried_measures=[
            {"measure": "Lesekurs", "period": "uke 34–40", "assessment": "Noe bedre"},
            {"measure": "", "period": "", "assessment": ""},
        ],
    )
    assert [t.measure for t in referral.tried_measures.all()] == ["Lesekurs"]


def test_submit_opens_case_with_first_concern_date_and_next_number(world, case_factory):
    case_factory()  # case 1 exists already
    referral = draft(
        world, student=world.student, challenges=["lesevansker"], first_concern_date=datetime.date(2026, 8, 20)
    )
    case = referral_submit(access=Access(world.teacher), referral=referral)
    assert case.number == 2
    assert case.kind == Kind.INDIVIDUAL
    assert case.student == world.student
    assert case.first_concern_date == datetime.date(2026, 8, 20)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.case == case
    assert case.timeline.filter(kind="referral.submitted").exists()
    assert AccessLogEntry.objects.filter(action="referral.submit", student_id=world.student.pk).exists()


def test_case_numbers_are_per_school(world):
    first = referral_submit(access=Access(world.teacher), referral=draft(world, student=world.student, strengths="x"))
    system = referral_save_draft(
        access=Access(world.outsider),
        school=world.other_school,
        kind=Kind.SYSTEM,
        data={
            "title": "Mobbing på nett",
            "learning_environment": "Mye uro i 9. trinn",
            "referral_date": datetime.date(2026, 9, 1),
        },
    )
    second = referral_submit(access=Access(world.outsider), referral=system)
    assert first.number == 1
    assert second.number == 1
    assert second.kind == Kind.SYSTEM
    assert second.student is None
    assert second.title == "Mobbing på nett"


def test_submit_without_student_or_content_is_refused_and_draft_keeps_input(world):
    referral = draft(world, working_methods="")
    referral.learning_environment = "Rolig klasse"
    referral.save()
    with pytest.raises(ValidationError) as error:
        referral_submit(access=Access(world.teacher), referral=referral)
    assert set(error.value.message_dict) == {"student", "challenges"}
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT
    assert referral.learning_environment == "Rolig klasse"
    assert not Case.objects.exists()


def test_submit_requires_description_of_other_challenge(world):
    referral = draft(world, student=world.student, challenges=["annet"])
    with pytest.raises(ValidationError) as error:
        referral_submit(access=Access(world.teacher), referral=referral)
    assert "challenge_other" in error.value.message_dict


def test_teacher_cannot_refer_a_student_outside_their_classes(world):
    with pytest.raises(ValidationError):
        draft(world, student=world.student2)


def test_concurrent_edit_of_draft_is_refused(world):
    referral = draft(world, strengths="Første")
    seen = referral.version
    referral_save_draft(
        access=Access(world.teacher), school=world.school, referral=referral, seen_version=seen, data={"strengths": "A"}
    )
    with pytest.raises(ConcurrentEditError):
        referral_save_draft(
            access=Access(world.teacher),
            school=world.school,
            referral=referral,
            seen_version=seen,
            data={"strengths": "B"},
        )
    referral.refresh_from_db()
    assert referral.strengths == "A"


def test_only_author_edits_draft(world):
    referral = draft(world, strengths="x")
    with pytest.raises(PermissionDenied):
        referral_save_draft(access=Access(world.lead), school=world.school, referral=referral, data={})


@override_settings(MAX_ATTACHMENT_BYTES=10)
def test_too_large_attachment_is_refused(world):
    referral = draft(world, strengths="x")
    with pytest.raises(ValidationError):
        attachment_add(
            access=Access(world.teacher), referral=referral, uploaded_file=SimpleUploadedFile("a.pdf", b"x" * 11)
        )


def _consent(world, case, status, *, guardians=None, date=TODAY, expires_on=None, user=None):
    return consent_record(
        access=Access(user or world.teacher),
        case=case,
        guardians=guardians or [world.guardian, world.guardian2],
        status=status,
        scopes=[ConsentScope.TEAM],
        date=date,
        method=Consent.Method.SIGNED_FORM,
        expires_on=expires_on,
    )


def test_consent_given_makes_case_named(world, case_factory):
    case = case_factory()
    assert not has_consent(case)
    _consent(world, case, Consent.Status.GIVEN)
    assert has_consent(case)
    assert case_label(TEAM, case).startswith("Ola Nordmann")
    assert case.timeline.filter(kind="consent.given").exists()


def test_withdrawn_consent_makes_case_anonymous_again_with_new_row(world, case_factory):
    case = case_factory(consent=True)
    assert has_consent(case)
    _consent(world, case, Consent.Status.WITHDRAWN, guardians=[world.guardian])
    assert not has_consent(case)
    assert case_label(TEAM, case) == f"Anonym sak {case.number} (5. trinn)"
    assert case.consents.count() == 3  # two given + one withdrawal; nothing edited


def test_refused_consent_keeps_case_anonymous(world, case_factory):
    case = case_factory()
    _consent(world, case, Consent.Status.REFUSED)
    assert not has_consent(case)


def test_expired_consent_is_no_longer_valid(world, case_factory):
    case = case_factory()
    _consent(world, case, Consent.Status.GIVEN, date=datetime.date(2026, 1, 5), expires_on=datetime.date(2026, 6, 30))
    assert has_consent(case, on=datetime.date(2026, 6, 1))
    assert not has_consent(case, on=datetime.date(2026, 7, 1))


def test_consent_is_recorded_only_by_author_contact_teacher_or_lead(world, case_factory):
    case = case_factory(author=world.teacher)
    with pytest.raises(PermissionDenied):
        _consent(world, case, Consent.Status.GIVEN, user=world.member)
    _consent(world, case, Consent.Status.GIVEN, user=world.lead)


def test_consent_for_another_students_guardian_is_refused(world, case_factory):
    case = case_factory(student=world.student2, author=world.other_teacher)
    with pytest.raises(ValidationError):
        _consent(world, case, Consent.Status.GIVEN, user=world.lead)


def test_health_note_refused_for_non_nurse(world, case_factory):
    case = case_factory()
    with pytest.raises(PermissionDenied):
        healthnote_add(access=Access(world.member), case=case, text="Sover dårlig")
    note = healthnote_add(access=Access(world.nurse), case=case, text="Sover dårlig")
    assert note.pk
    assert case.timeline.get(kind="healthnote.added").restricted


def test_lead_closes_case_with_outcome(world, case_factory):
    case = case_factory()
    with pytest.raises(PermissionDenied):
        case_close(access=Access(world.member), case=case, outcome=Case.Outcome.RESOLVED)
    case = case_close(access=Access(world.lead), case=case, outcome=Case.Outcome.PPT, note="Henvist")
    assert case.status == Case.Status.CLOSED
    assert case.closed_on
    assert case.outcome == Case.Outcome.PPT
    assert case.timeline.filter(kind="case.closed").exists()
    with pytest.raises(ValidationError):
        case_close(access=Access(world.lead), case=case, outcome=Case.Outcome.PPT)
