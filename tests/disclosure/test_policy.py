"""The disclosure policy (laget.cases.disclosure): every rule, from both sides."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from laget.audit.models import EmergencyAccess
from laget.cases import disclosure
from laget.cases.models import Consent, ConsentScope
from laget.meetings.models import GuestInvitation, Meeting
from laget.organisations.access import Access
from laget.organisations.models import Agency, Membership, Role
from laget.students.models import Guardian

User = get_user_model()
TODAY = datetime.date(2026, 10, 1)


def consent(
    case, *, scopes=(ConsentScope.TEAM,), status=Consent.Status.GIVEN, date=None, by_student=False, agencies=()
):
    guardians = [None] if by_student else list(case.student.guardians.all())
    rows = []
    for guardian in guardians:
        c = Consent.objects.create(
            case=case,
            guardian=guardian,
            given_by_student=by_student,
            status=status,
            scopes=list(scopes),
            date=date or datetime.date(2026, 9, 2),
            method=Consent.Method.SIGNED_FORM,
            recorded_by=case.created_by,
        )
        c.agencies.set(agencies)
        rows.append(c)
    return rows


def agency(world, kind, name=None):
    return Agency.objects.create(owner=world.owner, name=name or kind, kind=kind)


def invited_member(world, kind, name=None):
    user = User.objects.create_user(username=f"inv-{kind}", first_name="Inge", last_name="Invitert")
    role, _ = Role.objects.get_or_create(code="invitert", defaults={"name": "Invitert"})
    Membership.objects.create(
        team=world.team, user=user, role=role, kind=Membership.Kind.INVITED, agency=agency(world, kind, name)
    )
    return Access(user)


def guest(world, kind, name=None):
    user = User.objects.create_user(username=f"guest-{kind}", first_name="Gro", last_name="Gjest")
    meeting = Meeting.objects.create(
        team=world.team, starts_at=datetime.datetime(2026, 10, 6, 12, tzinfo=datetime.UTC), created_by=world.lead
    )
    invitation = GuestInvitation.objects.create(
        meeting=meeting,
        guest=user,
        agency=agency(world, kind, name),
        agency_name=name or kind,
        invited_by=world.lead,
        invited_at=meeting.starts_at,
    )
    return disclosure.viewer_for_guest(invitation)


def fresh(case):
    return type(case).objects.select_related("student__school_class").get(pk=case.pk)


# --- identity --------------------------------------------------------------------------------


def test_system_case_names_no_one(world, case_factory):
    from laget.cases.models import Kind

    case = case_factory(kind=Kind.SYSTEM, title="Skolemiljø")
    assert not disclosure.identity_shown(Access(world.lead), case)
    assert disclosure.case_label(Access(world.lead), case) == "Skolemiljø"


@pytest.mark.parametrize("who", ["lead", "teacher"])
def test_those_who_know_the_student_anyway_see_the_name_without_consent(world, case_factory, who):
    case = case_factory(consent=False)  # written by world.teacher, Ola's contact teacher
    assert disclosure.identity_shown(Access(getattr(world, who)), case)
    assert disclosure.case_label(Access(getattr(world, who)), case).startswith("Ola Nordmann")


def test_referral_author_knows_the_student(world, case_factory):
    case = case_factory(consent=False, author=world.other_teacher)
    assert disclosure.identity_shown(Access(world.other_teacher), case)


@pytest.mark.parametrize("who", ["member", "nurse"])
def test_fixed_members_see_the_name_only_with_team_consent(world, case_factory, who):
    case = case_factory(consent=False)
    assert not disclosure.identity_shown(Access(getattr(world, who)), case)
    assert disclosure.case_label(Access(getattr(world, who)), case) == f"Anonym sak {case.number} (5. trinn)"
    consent(case)
    assert disclosure.identity_shown(Access(getattr(world, who)), fresh(case))


def test_emergency_access_holder_sees_the_name(world, case_factory):
    case = case_factory(consent=False)
    assert not disclosure.identity_shown(Access(world.other_teacher), case)
    EmergencyAccess.objects.create(
        user=world.other_teacher,
        student_id=world.student.pk,
        school_id=world.school.pk,
        granted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        reason="Eleven er savnet og foreldrene ringer skolen nå.",
        expires_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    assert disclosure.identity_shown(Access(world.other_teacher), case)


def test_outsider_never_sees_the_name(world, case_factory):
    case = case_factory(consent=True)
    assert not disclosure.identity_shown(Access(world.outsider), case)


@pytest.mark.parametrize(
    ("kind", "scope"),
    [("child_welfare", ConsentScope.CHILD_WELFARE), ("ppt", ConsentScope.PPT), ("health", ConsentScope.HEALTH)],
)
def test_invited_member_sees_the_name_only_when_consent_covers_their_agency(world, case_factory, kind, scope):
    case = case_factory(consent=True)  # the team scope only
    access = invited_member(world, kind)
    assert not disclosure.identity_shown(access, case)
    consent(case, scopes=[ConsentScope.TEAM, scope], date=datetime.date(2026, 9, 3))
    assert disclosure.identity_shown(access, fresh(case))


@pytest.mark.parametrize(
    ("kind", "scope"),
    [("child_welfare", ConsentScope.CHILD_WELFARE), ("ppt", ConsentScope.PPT)],
)
def test_guest_sees_the_name_only_when_consent_covers_their_agency(world, case_factory, kind, scope):
    case = case_factory(consent=True)
    viewer = guest(world, kind)
    assert not disclosure.identity_shown(viewer, case)
    consent(case, scopes=[ConsentScope.TEAM, scope], date=datetime.date(2026, 9, 3))
    assert disclosure.identity_shown(viewer, fresh(case))


def test_other_agency_needs_a_consent_naming_it(world, case_factory):
    case = case_factory(consent=True)
    access = invited_member(world, "bup", "BUP Molde")
    other = Agency.objects.create(owner=world.owner, name="BUP Kristiansund", kind="bup")
    consent(case, scopes=[ConsentScope.TEAM, ConsentScope.PPT], agencies=[other], date=datetime.date(2026, 9, 3))
    assert not disclosure.identity_shown(access, fresh(case))  # a scope and another BUP do not reach it
    bup = Agency.objects.get(name="BUP Molde")
    consent(case, scopes=[ConsentScope.TEAM], agencies=[bup], date=datetime.date(2026, 9, 4))
    assert disclosure.identity_shown(access, fresh(case))


def test_invited_member_without_a_recorded_agency_never_sees_the_name(world, case_factory):
    case = case_factory(consent=True)
    user = User.objects.create_user(username="inv-none")
    role, _ = Role.objects.get_or_create(code="invitert", defaults={"name": "Invitert"})
    Membership.objects.create(team=world.team, user=user, role=role, kind=Membership.Kind.INVITED)
    assert not disclosure.identity_shown(Access(user), case)


# --- consent ---------------------------------------------------------------------------------


def test_withdrawal_takes_effect_from_its_date(world, case_factory):
    case = case_factory(consent=True)
    consent(case, status=Consent.Status.WITHDRAWN, date=datetime.date(2026, 9, 20))
    case = fresh(case)
    assert disclosure.has_consent(case, on=datetime.date(2026, 9, 19))
    assert not disclosure.has_consent(case, on=datetime.date(2026, 9, 20))


def test_one_guardians_refusal_outweighs_the_others_consent(world, case_factory):
    case = case_factory()
    mona, jon = list(world.student.guardians.order_by("pk"))
    Consent.objects.create(
        case=case,
        guardian=mona,
        status="given",
        scopes=["team"],
        date=datetime.date(2026, 9, 2),
        recorded_by=world.lead,
    )
    assert disclosure.has_consent(fresh(case), on=TODAY)
    Consent.objects.create(
        case=case,
        guardian=jon,
        status="refused",
        scopes=["team"],
        date=datetime.date(2026, 9, 3),
        recorded_by=world.lead,
    )
    assert not disclosure.has_consent(fresh(case), on=TODAY)


def test_from_18_only_the_students_own_consent_counts(world, case_factory):
    world.student.birth_date = datetime.date(2008, 9, 10)  # 18 on 10 September 2026
    world.student.save()
    case = case_factory(consent=True)  # the guardians consented on 2 September
    case = fresh(case)
    assert disclosure.student_decides(case.student, datetime.date(2026, 9, 10))
    assert not disclosure.student_decides(case.student, datetime.date(2026, 9, 9))
    assert disclosure.has_consent(case, on=datetime.date(2026, 9, 9))  # a child: the guardians decide
    assert not disclosure.has_consent(case, on=datetime.date(2026, 9, 10))  # an adult: they no longer do
    consent(case, by_student=True, date=datetime.date(2026, 9, 11))
    case = fresh(case)
    assert disclosure.has_consent(case, on=datetime.date(2026, 9, 12))


def test_a_childs_own_consent_does_not_count(world, case_factory):
    case = case_factory()
    consent(case, by_student=True)
    assert not disclosure.has_consent(fresh(case), on=TODAY)


# --- sections ----------------------------------------------------------------------------------


def test_sections_by_role_and_never_for_guests(world):
    assert disclosure.sections(Access(world.nurse), world.school.pk).restricted
    assert not disclosure.sections(Access(world.member), world.school.pk).restricted
    assert not disclosure.sections(Access(world.lead), world.school.pk).protected_address
    viewer = guest(world, "child_welfare")
    assert disclosure.sections(viewer, world.school.pk) == disclosure.Sections(False, False)


# --- documents -------------------------------------------------------------------------------


def test_a_handout_names_the_child_only_with_team_consent_and_never_beyond_its_maker(world, case_factory):
    case = case_factory(consent=False)
    assert disclosure.identity_shown(Access(world.lead), case)  # the lead knows Ola …
    assert not disclosure.identity_shown(disclosure.document_viewer(Access(world.lead)), case)  # … not a PDF
    assert not disclosure.identity_shown(disclosure.handout_viewer(Access(world.lead)), case)  # … not the handout
    consent(case)
    case = fresh(case)
    assert disclosure.identity_shown(disclosure.handout_viewer(Access(world.lead)), case)
    assert not disclosure.identity_shown(disclosure.handout_viewer(invited_member(world, "child_welfare")), case)


# --- free text -------------------------------------------------------------------------------


def test_redaction_takes_first_last_and_full_names_case_insensitively_on_word_boundaries(world):
    text = "Ringe MONA Nordmann om ola. Jon-Nordmann ringte. Olav og Monaco er andre. Selma_ola_kartlegging.pdf"
    redacted = disclosure.redact_names(text, world.student)
    assert "MONA" not in redacted
    assert "ola." not in redacted
    assert "Jon" not in redacted
    assert "Olav og Monaco er andre" in redacted  # no part of a longer word
    assert "Selma_[navn]_kartlegging.pdf" in redacted  # file names too
    assert redacted.startswith("Ringe [navn] om [navn].")


def test_redaction_takes_a_guardians_hyphenated_name(world):
    Guardian.objects.create(student=world.student, name="Anne-Lise Berg", relation="Mor")
    assert disclosure.redact_names("Anne-Lise ringte, Berg også", world.student) == "[navn] ringte, [navn] også"


def test_redactor_leaves_text_for_those_who_may_know(world, case_factory):
    case = case_factory(consent=False)
    assert disclosure.redactor(Access(world.lead), case)("Ola gråter") == "Ola gråter"
    assert disclosure.redactor(Access(world.member), case)("Ola gråter") == "[navn] gråter"


def test_names_in_text_reports_the_names_as_written(world):
    assert disclosure.names_in_text("Ringe mona nordmann om Ola", world.student) == ["mona nordmann", "Ola"]
    assert disclosure.names_in_text("Ingen navn her", world.student) == []


# --- students (need-to-know) ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["lead", "teacher"])
def test_register_role_and_class_see_the_student(world, who):
    assert disclosure.student_get(Access(getattr(world, who)), world.student.pk) == world.student


def test_team_member_sees_a_student_only_through_a_case_named_to_them(world, case_factory):
    with pytest.raises(Http404):
        disclosure.student_get(Access(world.member), world.student.pk)
    case_factory(consent=False)
    with pytest.raises(Http404):
        disclosure.student_get(Access(world.member), world.student.pk)
    case_factory(consent=True)
    assert disclosure.student_get(Access(world.member), world.student.pk) == world.student


def test_owning_a_task_in_an_anonymous_case_is_no_reason_to_see_the_student(world, case_factory):
    from laget.meetings.models import Task

    case = case_factory(consent=False)
    Task.objects.create(
        school=world.school,
        team=world.team,
        case=case,
        owner=world.other_teacher,
        title="Følge opp",
        deadline=TODAY,
        created_by=world.lead,
    )
    with pytest.raises(Http404):
        disclosure.student_get(Access(world.other_teacher), world.student.pk)
    consent(case)
    assert disclosure.student_get(Access(world.other_teacher), world.student.pk) == world.student


def test_cases_linked_to_student_leaves_out_the_anonymous_ones(world, case_factory):
    named = case_factory(consent=True)
    anonymous = case_factory(consent=False)
    shown = disclosure.cases_linked_to_student(Access(world.member), [named, anonymous])
    assert shown == [named]
