import datetime

import pytest
from django.urls import reverse

from laget.audit.models import AccessLogEntry
from laget.cases.timeline import timeline_add
from laget.students.models import Guardian


def url(student):
    return reverse("home:student_detail", args=[student.pk])


@pytest.mark.parametrize(
    ("who", "named_case"), [("lead", False), ("teacher", False), ("member", True), ("nurse", True)]
)
def test_student_page_is_shown_to_a_relation_and_logged(client, world, case_factory, who, named_case):
    """The lead keeps the register, the contact teacher has the class; other team members see a
    student through a case named to them."""
    if named_case:
        case_factory(consent=True)
    user = getattr(world, who)
    client.force_login(user)

    response = client.get(url(world.student))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ola Nordmann" in html
    assert "5A" in html
    assert "01.03.2015" in html
    assert "Lise Lærer" in html  # contact teacher
    assert "Mona Nordmann" in html
    entry = AccessLogEntry.objects.get(action="student.view", user_id=user.pk)
    assert entry.student_id == world.student.pk
    assert entry.school_id == world.school.pk
    assert entry.object_type == "student"


@pytest.mark.parametrize("who", ["other_teacher", "outsider", "member", "nurse"])
def test_student_page_is_404_without_a_relation(client, world, who):
    """Being on the school's team is no reason by itself to open any student's page."""
    client.force_login(getattr(world, who))

    response = client.get(url(world.student))

    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(action="student.view").exists()


def test_student_of_another_school_does_not_exist_for_the_team(client, world):
    client.force_login(world.lead)
    assert client.get(url(world.other_student)).status_code == 404


def test_protected_address_is_never_in_the_page(client, world):
    Guardian.objects.create(
        student=world.student,
        name="Skjult Forelder",
        relation="Mor",
        address="Hemmeligveien 7, 6400 Molde",
        phone="41234567",
        email="skjult@hjem.test",
        protected_address=True,
    )
    client.force_login(world.lead)

    html = client.get(url(world.student)).content.decode()

    assert "Skjult Forelder" in html
    assert "Fortrolig adresse" in html
    assert "Hemmeligveien" not in html
    assert "41234567" not in html
    assert "skjult@hjem.test" not in html
    assert "mona@hjem.test" in html  # an ordinary guardian's contact details are shown


def test_restricted_timeline_entry_is_shown_to_nurse_and_hidden_from_pp_advisor(client, world, case_factory):
    case = case_factory(consent=True)
    timeline_add(case=case, kind="referral.submit", summary="Melding sendt inn", actor=world.teacher)
    timeline_add(case=case, kind="healthnote.add", summary="Helsesamtale gjennomført", restricted=True)

    client.force_login(world.member)
    member_html = client.get(url(world.student)).content.decode()
    client.force_login(world.nurse)
    nurse_html = client.get(url(world.student)).content.decode()

    assert "Melding sendt inn" in member_html
    assert "Helsesamtale gjennomført" not in member_html
    assert "Helsesamtale gjennomført" in nurse_html


def test_anonymous_case_is_not_linked_to_its_student_for_a_member_who_sees_it_anonymously(client, world, case_factory):
    named = case_factory(consent=True, title="Lesing")
    anonymous = case_factory(consent=False, title="Uro")
    anonymous.first_concern_date = datetime.date(2026, 8, 17)
    anonymous.save()
    timeline_add(case=anonymous, kind="referral.submit", summary="Uro meldt inn")
    timeline_add(case=named, kind="referral.submit", summary="Lesing meldt inn")
    client.force_login(world.member)

    html = client.get(url(world.student)).content.decode()

    assert "Ola Nordmann" in html  # the page is shown, through the named case
    assert reverse("cases:case_detail", args=[named.pk]) in html
    assert "Lesing meldt inn" in html
    # … and nothing ties the anonymous case to Ola: no link, label, date or timeline entry.
    assert reverse("cases:case_detail", args=[anonymous.pk]) not in html
    assert f"Anonym sak {anonymous.number}" not in html
    assert "17.08.2026" not in html
    assert "Uro meldt inn" not in html


def test_member_without_a_named_case_cannot_open_the_student_of_an_anonymous_case(client, world, case_factory):
    case = case_factory(consent=False)
    client.force_login(world.member)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200  # the case, anonymously
    assert client.get(url(world.student)).status_code == 404  # but not its student


def test_contact_teacher_sees_only_cases_of_their_relation(client, world, case_factory):
    mine = case_factory(author=world.teacher)
    hidden = case_factory(student=world.student2, author=world.lead)
    client.force_login(world.teacher)

    html = client.get(url(world.student)).content.decode()

    assert reverse("cases:case_detail", args=[mine.pk]) in html
    assert reverse("cases:case_detail", args=[hidden.pk]) not in html
    assert client.get(url(world.student2)).status_code == 404
