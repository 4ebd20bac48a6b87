"""Shared test world: one municipality, two schools, a team with a lead, members and a nurse,
a contact teacher, and an outsider from the other school. Every page with student data is
tested from the owner (lead), a member and an outsider."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from laget.cases.models import Case, Consent, ConsentScope, Kind, Referral
from laget.organisations.models import Membership, Owner, Role, School, Staff, Team
from laget.organisations.roles import ensure_default_roles
from laget.students.models import Guardian, SchoolClass, Student

User = get_user_model()


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """`client.force_login(user)` also passes the second factor, the way django_otp.login marks a
    session for a real device. Tests of the real login flow (tests/accounts/) post to the login page."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@dataclass
class World:
    owner: Owner
    school: School
    other_school: School
    team: Team
    other_team: Team
    lead: object  # rektor, leads the team
    member: object  # PP-rådgiver, team member
    nurse: object  # helsesykepleier, sees restricted notes
    teacher: object  # contact teacher of 5A, not on the team
    other_teacher: object  # contact teacher of 6A, not on the team
    outsider: object  # rektor at the other school
    class_5a: SchoolClass
    class_6a: SchoolClass
    student: Student  # in 5A
    student2: Student  # in 6A
    other_student: Student  # at the other school
    guardian: Guardian
    guardian2: Guardian


def make_user(username, first, last, school, title=""):
    user = User.objects.create_user(
        username=username,
        password="test-password-123",
        first_name=first,
        last_name=last,
        email=f"{username}@skole.test",
    )
    Staff.objects.create(user=user, school=school, title=title)
    return user


@pytest.fixture
def world(db) -> World:
    owner = Owner.objects.create(name="Testvik kommune")
    school = School.objects.create(owner=owner, name="Testvik barneskole", kind=School.Kind.PRIMARY)
    other_school = School.objects.create(owner=owner, name="Annenby skole", kind=School.Kind.PRIMARY)
    team = Team.objects.create(school=school, name="Ressursteam", location="Møterom 1")
    other_team = Team.objects.create(school=other_school, name="Ressursteam")
    lead = make_user("rektor", "Rita", "Rektorsen", school, "Rektor")
    member = make_user("pprad", "Per", "Pedersen", school, "PP-rådgiver")
    nurse = make_user("helse", "Hanne", "Helse", school, "Helsesykepleier")
    teacher = make_user("laerer", "Lise", "Lærer", school, "Kontaktlærer")
    other_teacher = make_user("laerer6", "Lars", "Seksen", school, "Kontaktlærer")
    outsider = make_user("annen", "Arne", "Annenby", other_school, "Rektor")
    ensure_default_roles()  # a transactional test before this one may have flushed the migration's rows
    roles = {r.code: r for r in Role.objects.all()}
    Membership.objects.create(team=team, user=lead, role=roles["rektor"])
    Membership.objects.create(team=team, user=member, role=roles["pprad"])
    Membership.objects.create(team=team, user=nurse, role=roles["helsesykepleier"])
    Membership.objects.create(team=other_team, user=outsider, role=roles["rektor"])
    class_5a = SchoolClass.objects.create(school=school, name="5A", grade=5)
    class_5a.contact_teachers.add(teacher)
    class_6a = SchoolClass.objects.create(school=school, name="6A", grade=6)
    class_6a.contact_teachers.add(other_teacher)
    other_class = SchoolClass.objects.create(school=other_school, name="5B", grade=5)
    student = Student.objects.create(
        school=school,
        first_name="Ola",
        last_name="Nordmann",
        birth_date=datetime.date(2015, 3, 1),
        school_class=class_5a,
    )
    student2 = Student.objects.create(
        school=school,
        first_name="Kari",
        last_name="Hansen",
        birth_date=datetime.date(2014, 6, 2),
        school_class=class_6a,
    )
    other_student = Student.objects.create(
        school=other_school,
        first_name="Per",
        last_name="Annen",
        birth_date=datetime.date(2015, 1, 1),
        school_class=other_class,
    )
    guardian = Guardian.objects.create(student=student, name="Mona Nordmann", relation="Mor", email="mona@hjem.test")
    guardian2 = Guardian.objects.create(student=student, name="Jon Nordmann", relation="Far", phone="99999999")
    Guardian.objects.create(student=student2, name="Hans Hansen", relation="Far")
    return World(
        owner=owner,
        school=school,
        other_school=other_school,
        team=team,
        other_team=other_team,
        lead=lead,
        member=member,
        nurse=nurse,
        teacher=teacher,
        other_teacher=other_teacher,
        outsider=outsider,
        class_5a=class_5a,
        class_6a=class_6a,
        student=student,
        student2=student2,
        other_student=other_student,
        guardian=guardian,
        guardian2=guardian2,
    )


def make_case(world: World, *, student=None, author=None, consent=False, kind=Kind.INDIVIDUAL, title=""):
    """A submitted referral and its case, written directly (for tests of other parts)."""
    student = student if student is not None or kind == Kind.SYSTEM else world.student
    author = author or world.teacher
    school = student.school if student else world.school
    number = (Case.objects.filter(school=school).order_by("-number").values_list("number", flat=True).first() or 0) + 1
    case = Case.objects.create(
        school=school,
        number=number,
        kind=kind,
        student=student,
        title=title,
        first_concern_date=datetime.date(2026, 9, 1),
        created_by=author,
    )
    Referral.objects.create(
        school=school,
        kind=kind,
        student=student,
        title=title,
        author=author,
        status=Referral.Status.SUBMITTED,
        case=case,
        challenges=["lesevansker", "konsentrasjon"],
        referral_date=datetime.date(2026, 9, 1),
        submitted_at=timezone.now(),
    )
    if consent and student is not None:
        for guardian in student.guardians.all():
            Consent.objects.create(
                case=case,
                guardian=guardian,
                status=Consent.Status.GIVEN,
                scopes=[ConsentScope.TEAM],
                date=datetime.date(2026, 9, 2),
                method=Consent.Method.SIGNED_FORM,
                recorded_by=author,
            )
    return case


@pytest.fixture
def case_factory(world):
    def factory(**kwargs):
        return make_case(world, **kwargs)

    return factory


@pytest.fixture
def oidc_provider():
    """start(redirect_uris=[...], accounts=None) -> a running certified OpenID Connect provider on loopback.

    panva's oidc-provider (npm, OpenID Certified) configured by tests/oidc_provider.mjs; see
    tests/oidc_provider.py for the accounts (acr with and without Feide's multi-factor level) and
    `.env()` for Laget's FEIDE_* variables. Every provider started here stops after the test.
    Skips (or, with LAGET_REQUIRE_BROWSER=1 as in CI, fails) when node is missing.
    """
    import contextlib
    import os

    from oidc_provider import node_binary, start_oidc_provider

    if node_binary() is None:
        if os.environ.get("LAGET_REQUIRE_BROWSER") == "1":
            pytest.fail("node is required for the OpenID Connect provider tests")
        pytest.skip("node is not installed: no OpenID Connect provider for this test")
    with contextlib.ExitStack() as stack:

        def start(**kwargs):
            return stack.enter_context(start_oidc_provider(**kwargs))

        yield start
