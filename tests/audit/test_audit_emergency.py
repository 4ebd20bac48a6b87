"""Nødtilgang: a staff member opens a student of their own school outside their relations only
with a written reason, for a limited time, logged as emergency and listed for review."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from laget.audit.models import AccessLogEntry, EmergencyAccess

REASON = "Eleven er savnet etter skoletid, og jeg må finne foresattes telefonnummer."


def student_url(student):
    return reverse("home:student_detail", args=[student.pk])


def request_url(student):
    return reverse("audit:emergency_request", args=[student.pk])


def test_student_page_without_relation_stays_plain_404_offering_nothing(client, world):
    client.force_login(world.other_teacher)
    response = client.get(student_url(world.student))
    assert response.status_code == 404
    assert "nodtilgang" not in response.content.decode()


def test_search_finds_own_school_students_only(client, world):
    client.force_login(world.other_teacher)
    html = client.get(reverse("audit:emergency_search"), {"q": "Per"}).content.decode()
    assert "Annen" not in html  # Per Annen is at the other school
    html = client.get(reverse("audit:emergency_search"), {"q": "nordm"}).content.decode()
    assert "Nordmann, Ola" in html
    assert request_url(world.student) in html


def test_another_schools_student_cannot_be_requested(client, world):
    client.force_login(world.other_teacher)
    assert client.get(request_url(world.other_student)).status_code == 404
    assert client.post(request_url(world.other_student), {"reason": REASON}).status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_short_reason_is_refused_in_norwegian_and_kept(client, world):
    client.force_login(world.other_teacher)
    response = client.post(request_url(world.student), {"reason": "trenger det"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "minst 20 tegn" in html
    assert "trenger det" in html
    assert client.get(student_url(world.student)).status_code == 404


def test_reason_opens_student_and_cases_for_two_hours_logged_as_emergency(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.other_teacher)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        response = client.post(request_url(world.student), {"reason": REASON})
        assert response.status_code == 302
        assert response.url == student_url(world.student)

        assert client.get(student_url(world.student)).status_code == 200
        assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
        views = AccessLogEntry.objects.filter(user_id=world.other_teacher.pk, action__in=["student.view", "case.view"])
        assert views.count() == 2
        assert all(e.emergency and e.reason == REASON for e in views)
        grant_row = AccessLogEntry.objects.get(action="emergency.grant")
        assert grant_row.emergency
        assert grant_row.student_id == world.student.pk

        traveller.shift(datetime.timedelta(hours=2, minutes=1))
        client.force_login(world.other_teacher)  # a fresh session: the expiry is the grant's, not the login's
        assert client.get(student_url(world.student)).status_code == 404
        assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_team_member_reads_are_never_marked_emergency(client, world):
    client.force_login(world.member)
    client.get(student_url(world.student))
    assert not AccessLogEntry.objects.filter(emergency=True).exists()


def test_user_who_already_sees_the_student_is_told_so(client, world):
    client.force_login(world.teacher)
    html = client.get(request_url(world.student)).content.decode()
    assert "allerede tilgang" in html
    client.post(request_url(world.student), {"reason": REASON})
    assert not EmergencyAccess.objects.exists()


def test_emergency_access_is_listed_for_review_and_marked_reviewed(client, world):
    client.force_login(world.other_teacher)
    client.post(request_url(world.student), {"reason": REASON})
    grant = EmergencyAccess.objects.get()

    client.force_login(world.lead)
    html = client.get(reverse("audit:log_review")).content.decode()
    assert REASON in html
    assert "Nødtilgang ikke gjennomgått" in html

    response = client.post(reverse("audit:emergency_review", args=[grant.pk]))
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == world.lead
    assert grant.reviewed_at is not None
    assert "Nødtilgang ikke gjennomgått" not in client.get(reverse("audit:log_review")).content.decode()


@pytest.mark.parametrize("who", ["member", "teacher", "outsider"])
def test_only_the_schools_lead_marks_emergency_access_reviewed(client, world, who):
    client.force_login(world.other_teacher)
    client.post(request_url(world.student), {"reason": REASON})
    grant = EmergencyAccess.objects.get()
    client.force_login(getattr(world, who))
    assert client.post(reverse("audit:emergency_review", args=[grant.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def search(client, query):
    return client.get(reverse("audit:emergency_search"), {"q": query}).content.decode()


def test_two_letters_list_no_student_and_every_search_is_logged(client, world):
    client.force_login(world.teacher)  # contact teacher of 5A; Kari Hansen is in 6A
    for query in ("no", "ha", "ka", "a", "ol n"):
        html = search(client, query)
        assert "Skriv minst 3 bokstaver" in html
        assert "Nordmann, Ola" not in html
        assert "Hansen, Kari" not in html
    logged = AccessLogEntry.objects.filter(action="student.emergency_search", user_id=world.teacher.pk)
    assert list(logged.values_list("detail", flat=True)) == ["no", "ha", "ka", "a", "ol n"]
    assert not logged.exclude(student_id=None).exists()

    html = search(client, "Hans")
    assert "Hansen, Kari" in html  # three letters or more of a name she is known by find her …
    assert "Nordmann, Ola" not in html
    shown = logged.filter(detail="Hans")
    assert sorted(shown.values_list("student_id", flat=True), key=str) == sorted([None, world.student2.pk], key=str)
    assert "Nordmann" not in search(client, "mann")  # … the start of a name, not any three letters in it


def test_a_search_matching_too_many_students_shows_none(client, world):
    from laget.students.models import Student

    for i in range(10):
        Student.objects.create(
            school=world.school,
            first_name=f"Elev{i}",
            last_name="Hansen",
            birth_date=datetime.date(2015, 1, 1),
            school_class=world.student2.school_class,
        )
    client.force_login(world.teacher)
    html = search(client, "Hansen")
    assert "for mange elever" in html
    assert "Hansen, Kari" not in html
    assert "Hansen, Kari" in search(client, "Kari Hansen")
