"""Attendance pages: who sees them (team, follower, contact teacher for their class; others 404),
the access log, the overview's flat query count, the form and its PDF."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from laget.attendance.models import Absence, FollowUp
from laget.audit.models import AccessLogEntry
from laget.students.models import Student

D = datetime.date


@pytest.fixture
def followup(absent):
    for day in (1, 2, 3):
        absent(D(2026, 9, day))
    return FollowUp.objects.get()


def pages(world, followup):
    s = world.student.pk
    return {
        "overview": reverse("attendance:overview"),
        "student": reverse("attendance:student_detail", args=[s]),
        "followup": reverse("attendance:followup_detail", args=[followup.pk]),
        "form": reverse("attendance:student_form", args=[s]),
        "register": reverse("attendance:absence_create"),
        "import": reverse("attendance:absence_import"),
    }


@pytest.mark.parametrize("who", ["lead", "follower", "teacher"])
@pytest.mark.parametrize("page", ["overview", "student", "followup", "form", "register", "import"])
def test_team_follower_and_contact_teacher_see_the_pages(client, world, follower, followup, who, page):
    user = follower if who == "follower" else getattr(world, who)
    client.force_login(user)
    response = client.get(pages(world, followup)[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["student", "followup", "form"])
def test_outsider_gets_404(client, world, followup, page):
    client.force_login(world.outsider)
    assert client.get(pages(world, followup)[page]).status_code == 404


@pytest.mark.parametrize("page", ["overview", "register"])
def test_outsider_lists_show_only_their_own_school(client, world, followup, page):
    client.force_login(world.outsider)
    response = client.get(pages(world, followup)[page])
    assert response.status_code == 200
    assert "Nordmann" not in response.content.decode()


def test_staff_without_team_or_class_get_404(client, world, followup):
    from django.contrib.auth import get_user_model

    from laget.organisations.models import Staff

    user = get_user_model().objects.create_user(username="vaktmester", password="x-password-123")
    Staff.objects.create(user=user, school=world.school)
    client.force_login(user)
    assert client.get(reverse("attendance:overview")).status_code == 404


@pytest.mark.parametrize("page", ["student", "followup", "form"])
def test_teacher_of_another_class_gets_404(client, world, followup, page):
    client.force_login(world.other_teacher)
    assert client.get(pages(world, followup)[page]).status_code == 404


@pytest.mark.parametrize("page", ["student", "followup", "form"])
def test_team_member_without_a_reason_does_not_see_the_students_absence(client, world, followup, page):
    """Absence is register data: a team member sees it only through a relation (need-to-know)."""
    client.force_login(world.member)
    assert client.get(pages(world, followup)[page]).status_code == 404


def test_student_pages_write_the_access_log(client, world, followup, case_factory):
    case_factory(consent=True)  # a case named to the team: the member's reason to see the student
    client.force_login(world.member)
    client.get(reverse("attendance:followup_detail", args=[followup.pk]))
    client.get(reverse("attendance:student_detail", args=[world.student.pk]))
    actions = set(
        AccessLogEntry.objects.filter(user_id=world.member.pk, student_id=world.student.pk).values_list(
            "action", flat=True
        )
    )
    assert {"attendance.followup_view", "attendance.student_view"} <= actions


def test_overview_lists_counts_and_marks_the_overdue_step(client, world, followup):
    client.force_login(world.lead)
    response = client.get(reverse("attendance:overview"))
    html = response.content.decode()
    assert "Ola Nordmann" in html
    assert "forfalt" in html  # step 5 was due the same day, 03.09.2026
    assert "Kari Hansen" not in html  # no absence


def test_overview_query_count_is_flat(client, world, absent, django_assert_max_num_queries):
    client.force_login(world.lead)
    for day in (1, 2, 3):
        absent(D(2026, 9, day))
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("attendance:overview"))
    for i in range(6):
        student = Student.objects.create(
            school=world.school,
            first_name=f"Elev{i}",
            last_name="Test",
            birth_date=D(2015, 1, 1),
            school_class=world.class_6a,
        )
        for day in (1, 2, 3):
            absent(D(2026, 9, day), student=student)
    assert FollowUp.objects.count() == 7
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("attendance:overview"))
    assert response.content.decode().count("Pågår siden") == 7


def test_register_by_hand_and_crossing_the_threshold_goes_to_the_follow_up(client, world, follower):
    client.force_login(follower)
    url = reverse("attendance:absence_create")
    for day in ("2026-09-01", "2026-09-02"):
        r = client.post(url, {"student": world.student.pk, "date": day, "kind": "undocumented", "whole_day": "on"})
        assert r.status_code == 302
    r = client.post(url, {"student": world.student.pk, "date": "2026-09-03", "kind": "undocumented", "hours": "2"})
    followup = FollowUp.objects.get()
    assert r["Location"] == reverse("attendance:followup_detail", args=[followup.pk])
    assert Absence.objects.get(date=D(2026, 9, 3)).hours == 2


def test_register_form_keeps_input_and_explains_errors(client, world, follower):
    client.force_login(follower)
    r = client.post(
        reverse("attendance:absence_create"),
        {"student": world.student.pk, "date": "2026-09-01", "kind": "undocumented", "note": "Sykt barn?"},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "Skriv antall timer, eller kryss av for hele dagen." in html
    assert "Sykt barn?" in html
    assert not Absence.objects.exists()


def test_step_out_of_order_by_post_is_refused_with_a_norwegian_message(client, world, follower, followup):
    client.force_login(follower)
    r = client.post(
        reverse("attendance:step_record", args=[followup.pk, 6]),
        {"done_on": "2026-09-04", "what_done": "Møte"},
    )
    assert r.status_code == 400
    assert "ingen trinn kan hoppes over" in r.content.decode()
    assert not followup.records.exists()


def test_form_page_adds_rows_and_shows_seed_labels(client, world, follower, followup):
    client.force_login(follower)
    url = reverse("attendance:student_form", args=[world.student.pk])
    r = client.post(url, {"date": "2026-09-04", "measure": "Samtale med elev", "comment": "Lovet å komme"})
    assert r.status_code == 302
    html = client.get(url).content.decode()
    for label in [
        "Fornavn og etternavn",
        "Klasse",
        "Tlf",
        "Kontaktlærer",
        "Hybelboer",
        "Nærværsoppfølger",
        "Dato",
        "Tiltak",
        "Kommentar",
        "Samtale med elev",
        "Nina Nærvær",
        "Rutinebeskrivelse for bruk av skjema for nærværsoppfølging",
    ]:
        assert label in html, label


def test_form_pdf_has_the_seed_labels_and_the_marking(client, world, follower, followup):
    client.force_login(follower)
    client.post(
        reverse("attendance:student_form", args=[world.student.pk]),
        {"date": "2026-09-04", "measure": "Samtale med elev", "comment": ""},
    )
    r = client.get(reverse("attendance:student_form_pdf", args=[world.student.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for label in [
        "Elevskjema for nærværsoppfølging",
        "Fornavn og etternavn",
        "Klasse",
        "Tlf",
        "Kontaktlærer",
        "Hybelboer",
        "Ja",
        "Nei",
        "Nærværsoppfølger",
        "Dato",
        "Tiltak",
        "Kommentar",
        "Ola Nordmann",
        "Samtale med elev",
        "Unntatt offentlighet",
        "Opplæringslov §10-6",
    ]:
        assert label in text, label
    assert "Nordmann" not in r["Content-Disposition"]


def test_outsider_cannot_download_the_form_pdf(client, world, followup):
    client.force_login(world.outsider)
    assert client.get(reverse("attendance:student_form_pdf", args=[world.student.pk])).status_code == 404
