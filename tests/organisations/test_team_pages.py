"""The team page: the lead manages members, roles, responsibilities, agencies and contact teachers in
the product (not Django admin); for everyone else the pages do not exist (404) and nothing changes."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from laget.audit.models import AccessLogEntry
from laget.meetings.guests import guest_user_for
from laget.organisations.models import Agency, Membership, Role, Staff

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def agency(world):
    return Agency.objects.create(owner=world.owner, school=world.school, name="BUP Testvik", kind=Agency.Kind.BUP)


@pytest.fixture
def people(world, agency):
    invited = User.objects.create_user(username="bup", first_name="Bodil", last_name="Bup")
    Staff.objects.create(user=invited, school=world.school, title="BUP")
    Membership.objects.create(
        team=world.team, user=invited, role=Role.objects.get(code="barnevern"), kind="invitert", agency=agency
    )
    return {
        "member": world.member,
        "nurse": world.nurse,
        "teacher": world.teacher,
        "invited": invited,
        "guest": guest_user_for(email="gjest@bup.test", name="Gunnar Gjest"),
        "outsider": world.outsider,
    }


def test_lead_sees_members_and_agencies(client, world, agency):
    client.force_login(world.lead)

    html = client.get(reverse("team:team")).content.decode()

    assert "Per Pedersen" in html
    assert "PP-rådgiver" in html
    assert "BUP Testvik" in html
    assert "Arne Annenby" not in html  # the other school's team


def test_lead_adds_edits_and_removes_a_member(client, world):
    client.force_login(world.lead)
    spesped = Role.objects.get(code="spesped")

    response = client.post(
        reverse("team:member_add", args=[world.team.pk]),
        {"user": world.teacher.pk, "role": spesped.pk, "kind": "fast", "responsibility": "Kartlegginger"},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(team=world.team, user=world.teacher)
    assert (membership.role, membership.responsibility) == (spesped, "Kartlegginger")
    assert AccessLogEntry.objects.filter(action="team.member_add", user_id=world.lead.pk).exists()
    client.post(
        reverse("team:member_edit", args=[membership.pk]),
        {"role": spesped.pk, "kind": "fast", "responsibility": "Kartlegginger og PPT-henvisninger"},
    )
    membership.refresh_from_db()
    assert membership.responsibility == "Kartlegginger og PPT-henvisninger"
    client.post(reverse("team:member_remove", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.active
    assert AccessLogEntry.objects.filter(action="team.member_remove").count() == 1


def test_only_staff_of_the_school_can_be_added_and_an_invited_member_needs_an_agency(client, world):
    client.force_login(world.lead)
    role = Role.objects.get(code="pprad")

    outsider = client.post(
        reverse("team:member_add", args=[world.team.pk]), {"user": world.outsider.pk, "role": role.pk, "kind": "fast"}
    )
    invited = client.post(
        reverse("team:member_add", args=[world.team.pk]),
        {"user": world.teacher.pk, "role": role.pk, "kind": "invitert"},
    )

    assert outsider.status_code == 400  # not offered: another school's person
    assert invited.status_code == 400
    assert "velg hvilken" in invited.content.decode()
    assert not Membership.objects.filter(user__in=[world.outsider, world.teacher], team=world.team).exists()


def test_the_last_lead_cannot_be_removed_or_demoted(client, world):
    client.force_login(world.lead)
    lead_membership = Membership.objects.get(team=world.team, user=world.lead)

    client.post(reverse("team:member_remove", args=[lead_membership.pk]))
    page = client.get(reverse("team:team"))
    assert "minst én leder" in page.content.decode()  # the refused removal said why
    demote = client.post(
        reverse("team:member_edit", args=[lead_membership.pk]),
        {"role": Role.objects.get(code="pprad").pk, "kind": "fast"},
    )

    lead_membership.refresh_from_db()
    assert lead_membership.active
    assert lead_membership.role.code == "rektor"
    assert "minst én leder" in demote.content.decode()


def test_lead_adds_and_renames_an_agency(client, world, agency):
    client.force_login(world.lead)

    client.post(reverse("team:agency_add", args=[world.team.pk]), {"name": "TGL Testvik", "kind": "tgl"})
    duplicate = client.post(reverse("team:agency_add", args=[world.team.pk]), {"name": "bup testvik", "kind": "bup"})
    client.post(reverse("team:agency_edit", args=[agency.pk]), {"name": "BUP Testvik poliklinikk", "kind": "bup"})

    assert Agency.objects.filter(owner=world.owner, name="TGL Testvik", school=world.school).exists()
    assert "finnes allerede" in duplicate.content.decode()
    agency.refresh_from_db()
    assert agency.name == "BUP Testvik poliklinikk"


def test_lead_sets_contact_teachers_and_the_teacher_sees_the_class(client, world):
    client.force_login(world.other_teacher)
    assert "Nordmann, Ola" not in client.get(reverse("students:student_list")).content.decode()
    client.force_login(world.lead)

    response = client.post(
        reverse("students:class_contacts", args=[world.class_5a.pk]),
        {"teachers": [world.teacher.pk, world.other_teacher.pk]},
    )

    assert response.status_code == 302
    assert set(world.class_5a.contact_teachers.all()) == {world.teacher, world.other_teacher}
    assert AccessLogEntry.objects.filter(action="class.contact_teachers").exists()
    assert "5A" in client.get(reverse("students:class_list")).content.decode()
    client.force_login(world.other_teacher)
    assert "Nordmann, Ola" in client.get(reverse("students:student_list")).content.decode()


@pytest.mark.parametrize("who", ["member", "nurse", "teacher", "invited", "guest", "outsider"])
def test_only_the_lead_manages_the_team(client, world, people, agency, who):
    client.force_login(people[who])
    lead_membership = Membership.objects.get(team=world.team, user=world.lead)
    role = Role.objects.get(code="pprad")
    before = list(Membership.objects.values_list("pk", "role_id", "active", "responsibility"))

    pages = [
        reverse("team:member_edit", args=[lead_membership.pk]),
        reverse("team:agency_edit", args=[agency.pk]),
        reverse("students:class_contacts", args=[world.class_5a.pk]),
    ]
    if who != "outsider":  # the outsider leads their own school's team: these show theirs
        pages += [reverse("team:team"), reverse("students:class_list")]
    for url in pages:
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("team:member_add", args=[world.team.pk]), {"user": people[who].pk, "role": role.pk, "kind": "fast"}),
        (reverse("team:member_remove", args=[lead_membership.pk]), {}),
        (reverse("team:member_edit", args=[lead_membership.pk]), {"role": role.pk, "kind": "fast"}),
        (reverse("team:agency_add", args=[world.team.pk]), {"name": "X", "kind": "other"}),
        (reverse("students:class_contacts", args=[world.class_5a.pk]), {"teachers": [people[who].pk]}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert list(Membership.objects.values_list("pk", "role_id", "active", "responsibility")) == before
    assert list(world.class_5a.contact_teachers.all()) == [world.teacher]
    assert not Agency.objects.filter(name="X").exists()


def test_the_outsider_sees_only_their_own_team(client, world):
    client.force_login(world.outsider)

    html = client.get(reverse("team:team")).content.decode()

    assert "Annenby skole" in html
    assert "Per Pedersen" not in html
    assert client.get(reverse("team:team"), {"skole": world.school.pk}).status_code == 404


def test_a_forged_oversized_id_is_refused_not_a_server_error(client, world):
    client.force_login(world.lead)
    role = Role.objects.get(code="pprad")

    contacts = client.post(reverse("students:class_contacts", args=[world.class_5a.pk]), {"teachers": ["9" * 40]})
    member = client.post(
        reverse("team:member_add", args=[world.team.pk]), {"user": "9" * 40, "role": role.pk, "kind": "fast"}
    )

    assert contacts.status_code == 400
    assert member.status_code == 400
    assert list(world.class_5a.contact_teachers.all()) == [world.teacher]
