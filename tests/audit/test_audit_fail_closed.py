"""Fail closed (rule 4): when the database refuses to write the access log, no student data
is shown and a write in the same request is rolled back. The refusal is a real trigger."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from laget.audit.models import AccessLogEntry
from laget.cases.models import Case, HealthNote

TABLE = AccessLogEntry._meta.db_table


def _refuse_log_inserts():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION laget_test_refuse_log() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'access log refuses inserts'; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER laget_test_refuse_log BEFORE INSERT ON {TABLE} "
                "FOR EACH ROW EXECUTE FUNCTION laget_test_refuse_log()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER laget_test_refuse_log BEFORE INSERT ON {TABLE} "
                "BEGIN SELECT RAISE(ABORT, 'access log refuses inserts'); END"
            )


@pytest.fixture
def refusing_log(db):
    """The trigger lives inside the test's transaction, so it is gone afterwards (both databases)."""
    _refuse_log_inserts()


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_trigger_really_refuses_inserts(world, refusing_log):
    from django.db import DatabaseError, transaction

    from laget.audit.services import access_log_write

    with pytest.raises(DatabaseError), transaction.atomic():
        access_log_write(user=world.lead, action="student.view", school_id=world.school.pk)


def test_student_page_shows_nothing_when_the_log_cannot_be_written(world, case_factory, refusing_log, browser):
    case_factory(consent=True)
    browser.force_login(world.lead)

    response = browser.get(reverse("home:student_detail", args=[world.student.pk]))

    assert response.status_code == 500
    body = response.content.decode()
    for secret in ("Ola", "Nordmann", "Mona", "1.3.2015", "5A"):
        assert secret not in body
    assert not AccessLogEntry.objects.exists()


def test_case_page_shows_nothing_when_the_log_cannot_be_written(world, case_factory, refusing_log, browser):
    case = case_factory(consent=True, title="Lesevansker")
    browser.force_login(world.lead)

    response = browser.get(reverse("cases:case_detail", args=[case.pk]))

    assert response.status_code == 500
    body = response.content.decode()
    for secret in ("Ola", "Nordmann", "Lesevansker", "lesevansker"):
        assert secret not in body


def test_write_is_rolled_back_when_its_log_row_is_refused(world, case_factory, refusing_log, browser):
    case = case_factory(consent=True)
    browser.force_login(world.nurse)

    response = browser.post(reverse("cases:healthnote_add", args=[case.pk]), {"text": "Samtale med eleven."})

    assert response.status_code == 500
    assert not HealthNote.objects.filter(case=case).exists()


def test_closing_a_case_is_rolled_back_when_its_log_row_is_refused(world, case_factory, refusing_log, browser):
    case = case_factory(consent=True)
    browser.force_login(world.lead)

    outcome = Case.Outcome.choices[0][0]

    response = browser.post(reverse("cases:case_close", args=[case.pk]), {"outcome": outcome, "note": "Tiltak virker"})

    assert response.status_code == 500
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
