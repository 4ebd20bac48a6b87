"""Every demo school is reachable: `manage.py demo` prints a login for the lead and a member of every
school, an attendance follower at the Breivang school, an invited agency member, a guest and a
municipality user — and each of them gets in and sees what that role should see."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from laget.attendance.selectors import followers_of
from laget.meetings.models import GuestInvitation
from laget.organisations.models import Membership, School
from laget.routines.models import RoutineAssignment

User = get_user_model()


@pytest.fixture
def printed(db):
    out = io.StringIO()
    with override_settings(DEMO=True):
        call_command("demo", stdout=out)
    text = out.getvalue()
    return [line.split()[0] for line in text.split("(passord: demo):", 1)[1].splitlines() if line.strip()]


def test_every_printed_login_signs_in_with_the_demo_password(client, printed):
    for username in printed:
        user = User.objects.get(username=username)
        assert user.check_password("demo"), username
        client.logout()
        response = client.post(reverse("login"), {"username": username, "password": "demo"})
        assert response.status_code == 302, username
        assert "/logg-inn/" not in response["Location"], username


def test_lead_and_member_of_every_school_and_breivangs_follower(printed):
    for assignment in RoutineAssignment.objects.select_related("school"):
        memberships = Membership.objects.filter(team__school=assignment.school, user__username__in=printed)
        assert memberships.filter(role__leads_team=True).exists(), assignment.school
        assert memberships.filter(role__leads_team=False, kind=Membership.Kind.FIXED).exists(), assignment.school
    breivang = RoutineAssignment.objects.get(routine__preset="breivang_vgs").school
    assert [u.username for u in followers_of(breivang.pk)] == ["demo-nordfylke-narvaer"]
    assert "demo-nordfylke-narvaer" in printed


def test_invited_member_and_guest_come_from_agencies(client, printed):
    invited = Membership.objects.get(user__username="demo-barnevern")
    assert invited.kind == Membership.Kind.INVITED
    assert invited.agency.name == "Barneverntjenesten i Fjordvik"
    invitation = GuestInvitation.objects.get(guest__username__in=printed)
    assert invitation.is_active
    assert invitation.agency.kind == "bup"
    client.force_login(invitation.guest)
    assert client.get(reverse("guests:guest_meeting", args=[invitation.pk])).status_code == 200
    assert client.get(reverse("students:student_list")).status_code == 404


def test_municipality_user_sees_the_owners_figures_and_no_student(client, printed):
    user = User.objects.get(username="demo-kommune")
    client.force_login(user)

    assert client.get(reverse("home:my_page"))["Location"] == reverse("reports:owner")
    html = client.get(reverse("reports:owner")).content.decode()

    fjordvik = School.objects.filter(owner__name="Fjordvik kommune (demo)")
    assert fjordvik.count() == 5
    for school in fjordvik:
        assert school.name in html
    assert "Nordfylke" not in html  # the county's school belongs to another owner
    assert "Nøkkeltall for skoleeier" in html
    assert "Meldinger" not in html  # no staff menu: nothing of a school is theirs
    for name in ("students:student_list", "cases:case_list", "reports:school", "meetings:meeting_list"):
        assert client.get(reverse(name)).status_code == 404, name


@override_settings(DEMO=True)
def test_demo_run_again_adds_nothing(printed):
    before = (User.objects.count(), Membership.objects.count(), GuestInvitation.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (User.objects.count(), Membership.objects.count(), GuestInvitation.objects.count()) == before
