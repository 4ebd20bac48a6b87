import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from laget.audit.models import AccessLogEntry
from laget.cases.disclosure import case_label
from laget.cases.models import ActionPlan, Case, Consent, Measure, Referral, TimelineEntry
from laget.meetings.models import AgendaItem, Meeting, Task
from laget.organisations.access import Access
from laget.organisations.models import Membership, Owner, School, Staff, Team
from laget.routines.models import RoutineAssignment
from laget.students.models import Guardian, SchoolClass, Student

User = get_user_model()
MODELS = [
    User, Owner, School, Team, Membership, Staff, SchoolClass, Student, Guardian, Case, Referral,
    Consent, ActionPlan, Measure, TimelineEntry, Meeting, AgendaItem, Task,
]  # fmt: skip
LOGINS = ["kontaktlaerer", "rektor", "spesped", "pprad", "helsesykepleier", "radgiver"]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db):
    with override_settings(DEMO=True):
        call_command("demo", stdout=io.StringIO())


@override_settings(DEMO=False)
def test_demo_command_refuses_without_demo_setting(db):
    with pytest.raises(CommandError, match="LAGET_DEMO"):
        call_command("demo")
    assert not User.objects.filter(username__in=LOGINS).exists()
    assert not Owner.objects.exists()


@override_settings(DEMO=True)
def test_demo_command_run_twice_changes_nothing(demo):
    before = counts()
    call_command("demo", stdout=io.StringIO())
    assert counts() == before


def test_demo_creates_fictional_municipality_with_two_schools_of_students(demo):
    owner = Owner.objects.get(kind=Owner.Kind.MUNICIPALITY)
    assert "(demo)" in owner.name
    fjordvik = School.objects.filter(name__startswith="Fjordvik")
    assert set(fjordvik.values_list("kind", flat=True)) == {School.Kind.PRIMARY, School.Kind.LOWER_SECONDARY}
    for school in School.objects.all():
        assert 55 <= school.students.count() <= 70 if school in fjordvik else school.students.count() == 8
        assert not Student.objects.filter(school=school, guardians__isnull=True).exists()
    assert Guardian.objects.filter(protected_address=True).count() == 1
    assert not SchoolClass.objects.filter(contact_teachers__isnull=True).exists()


def test_demo_has_a_school_on_each_preset(demo):
    by_preset = dict(RoutineAssignment.objects.values_list("routine__preset", "school__name"))
    assert set(by_preset) == {
        "hustadvika_barneskole", "hustadvika_ungdomsskole", "baerum_ungdomsskole", "sandnes_grunnskole",
        "oslo_barneskole", "breivang_vgs",
    }  # fmt: skip
    county = School.objects.get(name=by_preset["breivang_vgs"]).owner
    assert (county.kind, "(demo)" in county.name) == (Owner.Kind.COUNTY, True)
    extra = User.objects.filter(memberships__team__school__in=School.objects.exclude(name__startswith="Fjordvik"))
    assert extra.count() == 9  # a lead and a member each, and Breivang's attendance follower
    assert all(user.check_password("demo") for user in extra)


def test_demo_teams_follow_seed_composition(demo):
    primary = set(Membership.objects.filter(team__school__kind="barneskole").values_list("role__code", flat=True))
    secondary = set(Membership.objects.filter(team__school__kind="ungdomsskole").values_list("role__code", flat=True))
    assert {"rektor", "spesped", "pprad", "helsesykepleier", "laererrep"} <= primary
    assert {"rektor", "spesped", "pprad", "helsesykepleier", "radgiver", "laererrep"} <= secondary
    assert not Membership.objects.filter(responsibility="").exists()


def test_demo_logins_have_password_and_demo_addresses(demo):
    for username in LOGINS:
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert user.email.endswith("@demo.invalid")
        assert user.first_name
        assert user.last_name
    teacher = User.objects.get(username="kontaktlaerer")
    assert not Membership.objects.filter(user=teacher).exists()
    assert teacher.contact_classes.filter(school__kind="barneskole").exists()
    assert Membership.objects.get(user__username="radgiver").team.school.kind == "ungdomsskole"


def test_demo_cases_cover_the_states(demo):
    assert Referral.objects.filter(status=Referral.Status.DRAFT, case__isnull=True).exists()
    assert Case.objects.filter(kind="system").exists()
    assert Case.objects.filter(status=Case.Status.CLOSED).exists()
    assert Measure.objects.filter(status="active", evaluation_date__lt=timezone.localdate()).exists()
    assert Task.objects.filter(done_at__isnull=True).exists()
    assert Meeting.objects.filter(status=Meeting.Status.PLANNED).count() >= 2
    assert TimelineEntry.objects.filter(restricted=True).exists()
    for case in Case.objects.all():
        assert case.timeline.exists()
    lead = Access(User.objects.get(username="pprad"))
    labels = [case_label(lead, c) for c in Case.objects.filter(school__kind="barneskole", kind="individ")]
    assert any(label.startswith("Anonym sak") for label in labels)
    assert any(not label.startswith("Anonym sak") for label in labels)


def test_demo_logins_see_their_pages(client, demo):
    client.force_login(User.objects.get(username="spesped"))
    html = client.get("/").content.decode()
    assert "Forfalt" in html
    student = Guardian.objects.get(protected_address=True).student
    response = client.get(f"/elever/{student.pk}/")
    assert response.status_code == 200
    assert "Fortrolig adresse" in response.content.decode()
    assert AccessLogEntry.objects.filter(action="student.view", student_id=student.pk).exists()
