import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laget.students.models import Student


def test_student_list_links_to_student_page(client, world):
    client.force_login(world.lead)

    html = client.get(reverse("students:student_list")).content.decode()

    assert reverse("home:student_detail", args=[world.student.pk]) in html
    assert reverse("home:student_detail", args=[world.student2.pk]) in html
    assert "Annen" not in html  # the other school's student does not exist here


def test_student_list_searches_by_name(client, world):
    client.force_login(world.lead)

    html = client.get(reverse("students:student_list"), {"q": "kari han"}).content.decode()

    assert "Hansen, Kari" in html
    assert "Nordmann, Ola" not in html


def test_student_list_filters_by_class(client, world):
    client.force_login(world.lead)

    html = client.get(reverse("students:student_list"), {"klasse": world.class_5a.pk}).content.decode()

    assert "Nordmann, Ola" in html
    assert "Hansen, Kari" not in html


def test_contact_teacher_lists_only_their_class(client, world):
    client.force_login(world.teacher)

    html = client.get(reverse("students:student_list"), {"klasse": world.class_6a.pk}).content.decode()

    assert "Nordmann, Ola" in html  # a class the teacher has no relation to is ignored
    assert "Hansen, Kari" not in html


def test_outsider_sees_no_students_of_the_school(client, world):
    client.force_login(world.outsider)

    html = client.get(reverse("students:student_list")).content.decode()

    assert "Nordmann" not in html
    assert "Hansen" not in html


def _add_students(world, extra):
    for i in range(extra):
        Student.objects.create(
            school=world.school,
            first_name=f"Elev{i}",
            last_name="Testesen",
            birth_date=datetime.date(2015, 1, 1),
            school_class=world.class_5a if i % 2 else world.class_6a,
        )


def test_student_list_query_count_stays_flat(client, world):
    client.force_login(world.lead)
    client.get(reverse("students:student_list"))  # warm-up: the first request also creates the log chain head
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("students:student_list"))
    _add_students(world, 40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("students:student_list"))
    assert response.status_code == 200
    assert response.content.decode().count(">Testesen, ") == 40
    assert len(many) == len(few)
