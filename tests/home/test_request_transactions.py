"""A read holds no transaction (on SQLite: not the write lock) while it reads and renders; a write
runs in one transaction with its access-log rows (docs/decisions/0004)."""

import pytest
from django.db import connection
from django.urls import reverse

from laget.cases.models import HealthNote
from laget.organisations import access as access_module


@pytest.fixture
def log_calls(monkeypatch):
    """Whether a transaction was open each time a page wrote its access-log row."""
    seen = []
    original = access_module.access_log_write

    def spy(**kwargs):
        seen.append(connection.in_atomic_block)
        return original(**kwargs)

    monkeypatch.setattr(access_module, "access_log_write", spy)
    return seen


@pytest.mark.django_db(transaction=True)
def test_a_read_is_logged_without_holding_a_transaction(world, case_factory, client, log_calls):
    case_factory(consent=True)
    client.force_login(world.lead)
    response = client.get(reverse("home:student_detail", args=[world.student.pk]))
    assert response.status_code == 200
    assert log_calls
    assert not any(log_calls)


@pytest.mark.django_db(transaction=True)
def test_a_write_and_its_log_row_run_in_one_transaction(world, case_factory, client, log_calls):
    case = case_factory(consent=True)
    client.force_login(world.nurse)
    response = client.post(reverse("cases:healthnote_add", args=[case.pk]), {"text": "Samtale med eleven."})
    assert response.status_code == 302
    assert HealthNote.objects.filter(case=case).exists()
    assert log_calls
    assert all(log_calls)
