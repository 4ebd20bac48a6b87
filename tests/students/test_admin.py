import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from laget.organisations.models import Membership

ADMIN_PAGES = [
    "organisations_owner",
    "organisations_school",
    "organisations_team",
    "organisations_membership",
    "organisations_role",
    "organisations_staff",
    "students_schoolclass",
    "students_student",
]


@pytest.fixture
def admin_client(client, world):
    admin = get_user_model().objects.create_superuser("admin", "admin@skole.test", "test-password-123")
    client.force_login(admin)
    return client


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_organisation_is_set_up_in_admin_lists_and_add_forms(admin_client, name):
    assert admin_client.get(reverse(f"admin:{name}_changelist"), {"q": "a"}).status_code == 200
    assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_team_admin_edits_memberships_with_role_kind_and_responsibility(admin_client, world):
    Membership.objects.filter(team=world.team, user=world.member).update(
        responsibility="Pedagogisk-psykologisk bistand"
    )

    html = admin_client.get(reverse("admin:organisations_team_change", args=[world.team.pk])).content.decode()

    assert "Pedagogisk-psykologisk bistand" in html
    assert 'name="memberships-0-kind"' in html
    assert 'name="memberships-0-role"' in html


def test_student_admin_shows_guardians_inline(admin_client, world):
    html = admin_client.get(reverse("admin:students_student_change", args=[world.student.pk])).content.decode()

    assert "Mona Nordmann" in html
    assert 'name="guardians-0-protected_address"' in html


def test_admin_never_shows_a_protected_guardians_contact_details(admin_client, world):
    from laget.students.models import Guardian

    Guardian.objects.filter(pk=world.guardian2.pk).update(protected_address=True, address="Hemmeligveien 9")
    url = reverse("admin:students_student_change", args=[world.student.pk])

    html = admin_client.get(url).content.decode()

    assert "Hemmeligveien 9" not in html
    assert "99999999" not in html  # the protected guardian's phone
    assert "mona@hjem.test" in html  # the other guardian's e-mail is shown
    assert "Skjult: fortrolig adresse" in html
