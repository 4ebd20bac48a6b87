"""Need-to-know for cases and referrals (rule 1)."""

import pytest
from django.http import Http404

from laget.cases.disclosure import case_label, identity_shown
from laget.cases.models import Referral
from laget.cases.selectors import (
    attachment_get,
    case_get,
    cases_visible_to,
    referral_list_for,
)
from laget.cases.services import attachment_add, referral_save_draft
from laget.organisations.access import Access


def test_teacher_sees_own_referrals_only(world):
    own = referral_save_draft(access=Access(world.teacher), school=world.school, data={"strengths": "x"})
    referral_save_draft(access=Access(world.other_teacher), school=world.school, data={"strengths": "y"})
    assert list(referral_list_for(Access(world.teacher))) == [own]


def test_teacher_sees_cases_of_class_students_and_own_referrals(world, case_factory):
    class_case = case_factory(author=world.lead)  # about a 5A student, filed by someone else
    own_case = case_factory(student=world.student2, author=world.teacher)
    unrelated = case_factory(student=world.student2, author=world.other_teacher)
    visible = set(cases_visible_to(Access(world.teacher)))
    assert visible == {class_case, own_case}
    assert unrelated not in visible


def test_team_member_sees_all_cases_of_the_school(world, case_factory):
    cases = {case_factory(), case_factory(student=world.student2, author=world.other_teacher)}
    assert set(cases_visible_to(Access(world.member))) == cases


def test_outsider_sees_nothing(world, case_factory):
    case = case_factory()
    assert not cases_visible_to(Access(world.outsider)).exists()
    with pytest.raises(Http404):
        case_get(Access(world.outsider), case.pk)


def test_member_sees_anonymous_label_without_consent_but_lead_and_author_see_name(world, case_factory):
    case = case_factory()
    assert not identity_shown(Access(world.member), case)
    assert case_label(Access(world.member), case) == f"Anonym sak {case.number} (5. trinn)"
    assert identity_shown(Access(world.lead), case)
    assert identity_shown(Access(world.teacher), case)


def test_member_sees_name_with_consent(world, case_factory):
    case = case_factory(consent=True)
    assert case_label(Access(world.member), case).startswith("Ola Nordmann")


def test_attachment_of_draft_is_only_for_author(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    referral = referral_save_draft(access=Access(world.teacher), school=world.school, data={})
    attachment = attachment_add(
        access=Access(world.teacher), referral=referral, uploaded_file=SimpleUploadedFile("k.pdf", b"%PDF-1.4")
    )
    assert attachment_get(Access(world.teacher), attachment.pk) == attachment
    for user in (world.member, world.outsider):
        with pytest.raises(Http404):
            attachment_get(Access(user), attachment.pk)
    assert Referral.objects.count() == 1
