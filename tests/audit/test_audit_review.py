"""Reviewing the access log (principal / data protection officer) and the guardian's access
report (GDPR Art. 15)."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test.utils import override_settings
from django.urls import reverse
from pypdf import PdfReader

from laget.audit.models import AccessLogEntry
from laget.audit.services import access_log_write, access_log_write_many
from laget.students.models import Student

URL = reverse("audit:log_review")
OSLO = datetime.timezone(datetime.timedelta(hours=2))


def log(user, student, action="student.view", when=None, school=None):
    school_id = (school or student.school).pk
    if when is None:
        return access_log_write(user=user, role="Rolle", action=action, school_id=school_id, student_id=student.pk)
    with time_machine.travel(when, tick=False):
        return access_log_write(user=user, role="Rolle", action=action, school_id=school_id, student_id=student.pk)


def test_lead_sees_the_schools_log_with_names(client, world):
    log(world.member, world.student, action="case.view")
    client.force_login(world.lead)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Per Pedersen" in html
    assert "Ola Nordmann" in html
    assert "Så saken" in html


@pytest.mark.parametrize("who", ["member", "nurse", "teacher"])
def test_non_leads_have_no_review_page(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 404


def test_another_schools_log_is_not_shown(client, world):
    log(world.outsider, world.other_student)
    client.force_login(world.lead)
    assert "Per Annen" not in client.get(URL).content.decode()
    assert "Arne Annenby" not in client.get(URL).content.decode()


def test_data_protection_officer_permission_opens_the_review(client, world):
    world.teacher.user_permissions.add(Permission.objects.get(codename="review_access_log"))
    log(world.member, world.student)
    client.force_login(world.teacher)
    assert "Per Pedersen" in client.get(URL).content.decode()


def test_filters_by_user_student_dates_and_emergency(client, world):
    log(world.member, world.student, when=datetime.datetime(2026, 9, 1, 10, tzinfo=OSLO))
    log(world.nurse, world.student2, when=datetime.datetime(2026, 9, 5, 10, tzinfo=OSLO))
    access_log_write(
        user=world.teacher,
        action="student.view",
        school_id=world.school.pk,
        student_id=world.student2.pk,
        emergency=True,
        reason="Akutt",
    )
    client.force_login(world.lead)

    def shown(params):
        html = client.get(URL, params).content.decode()
        return {name for name in ("Per Pedersen", "Hanne Helse", "Lise Lærer") if name in html.split("<tbody>")[-1]}

    assert shown({"bruker": world.member.pk}) == {"Per Pedersen"}
    assert shown({"elev": world.student2.pk}) == {"Hanne Helse", "Lise Lærer"}
    assert shown({"fra": "2026-09-04", "til": "2026-09-06"}) == {"Hanne Helse"}
    assert shown({"nodtilgang": "on"}) == {"Lise Lærer"}


def test_unusual_patterns_are_highlighted(client, world):
    night = datetime.datetime(2026, 9, 1, 23, 30, tzinfo=OSLO)
    log(world.member, world.student, when=night)
    many = [
        Student.objects.create(
            school=world.school,
            first_name=f"E{i}",
            last_name="Test",
            birth_date=datetime.date(2015, 1, 1),
            school_class=world.class_5a,
        )
        for i in range(4)
    ]
    with time_machine.travel(datetime.datetime(2026, 9, 2, 10, tzinfo=OSLO), tick=False):
        access_log_write_many(
            user=world.nurse, action="student.view", school_id=world.school.pk, rows=[(s.pk, None) for s in many]
        )
    client.force_login(world.lead)
    with override_settings(AUDIT_UNUSUAL_STUDENTS_PER_DAY=3):
        html = client.get(URL).content.decode()
    assert "Utenom arbeidstid (06–20)" in html
    assert "Mer enn 3 elever samme dag" in html
    with override_settings(AUDIT_UNUSUAL_STUDENTS_PER_DAY=10):
        assert "elever samme dag" not in client.get(URL).content.decode()


def test_viewing_the_log_is_itself_logged(client, world):
    client.force_login(world.lead)
    client.get(URL, {"elev": world.student.pk})
    entry = AccessLogEntry.objects.get(action="audit.review")
    assert entry.user_id == world.lead.pk
    assert entry.student_id == world.student.pk


def test_review_page_is_paginated_with_a_flat_query_count(client, world, django_assert_max_num_queries):
    client.force_login(world.lead)
    extra = [
        Student.objects.create(
            school=world.school,
            first_name=f"E{i}",
            last_name="Test",
            birth_date=datetime.date(2015, 1, 1),
            school_class=world.class_5a,
        )
        for i in range(30)
    ]
    access_log_write_many(
        user=world.member, action="student.view", school_id=world.school.pk, rows=[(s.pk, None) for s in extra[:3]]
    )
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(40) as small:
        client.get(URL)
    for user in (world.member, world.nurse, world.teacher):
        access_log_write_many(
            user=user, action="case.view", school_id=world.school.pk, rows=[(s.pk, None) for s in extra]
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["older"]  # keyset pagination: a cursor to the older rows, no COUNT of the log
    assert not any("COUNT(*)" in q["sql"].upper() and "audit_accesslogentry" in q["sql"] for q in ctx_queries(client))
    older = client.get(URL, {"eldre": response.context["older"]})
    first, second = response.context["rows"], older.context["rows"]
    assert len(first) == 50
    assert second
    assert {r.pk for r in first}.isdisjoint({r.pk for r in second})
    assert max(r.at for r in second) <= min(r.at for r in first)
    assert older.context["older"] == ""


def ctx_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(URL)
    return ctx.captured_queries


def test_guardian_access_report_lists_who_saw_or_changed_what_and_when(client, world):
    log(world.member, world.student, action="case.view", when=datetime.datetime(2026, 9, 3, 9, 15, tzinfo=OSLO))
    log(world.nurse, world.student, action="healthnote.add", when=datetime.datetime(2026, 9, 4, 13, 0, tzinfo=OSLO))
    log(world.member, world.student2)  # another student: not in this report
    client.force_login(world.lead)

    response = client.get(reverse("audit:student_report", args=[world.student.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Ola Nordmann" in text
    assert "Kari Hansen" not in text
    assert "Per Pedersen" in text
    assert "Hanne Helse" in text
    assert "03.09.2026 09:15" in text
    assert "Så saken" in text
    assert "Skrev et helsenotat" in text
    assert "Unntatt offentlighet, jf. offentleglova § 13" in text
    assert AccessLogEntry.objects.filter(action="audit.report", student_id=world.student.pk).exists()


@pytest.mark.parametrize("who", ["member", "teacher", "outsider"])
def test_access_report_is_for_the_lead_only(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("audit:student_report", args=[world.student.pk])).status_code == 404


def test_access_report_of_another_schools_student_is_404(client, world):
    client.force_login(world.lead)
    assert client.get(reverse("audit:student_report", args=[world.other_student.pk])).status_code == 404
