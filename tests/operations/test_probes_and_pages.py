"""Probes a load balancer can reach, request ids in the logs, and error pages in Norwegian."""

import copy
import io
import json
import logging
import logging.config
import uuid

from django.core.exceptions import PermissionDenied
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, RequestFactory, override_settings
from django.views import defaults

from laget.operations import probes

PRODUCTION = {"SECURE_SSL_REDIRECT": True, "ALLOWED_HOSTS": ["laget.kommune.example"]}


@override_settings(**PRODUCTION)
def test_a_plain_http_probe_from_localhost_gets_an_answer_not_a_redirect(client, db):
    # The same request to a page is redirected to HTTPS and its host refused: the probe is not.
    assert client.get("/logg-inn/", HTTP_HOST="laget.kommune.example").status_code == 301
    for path, body in (("/healthz", b"ok\n"), ("/readyz", b"ready\n")):
        response = client.get(path, HTTP_HOST="127.0.0.1:8000")
        assert response.status_code == 200, path
        assert response.content == body
        assert response["Cache-Control"] == "no-store"
    assert client.head("/readyz", HTTP_HOST="localhost").status_code == 200


def test_readiness_fails_while_a_migration_is_not_applied(client, db, monkeypatch):
    monkeypatch.setattr(probes, "_migrations_done", False)
    MigrationRecorder.Migration.objects.filter(app="operations", name="0001_initial").delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"migrations not applied: 1\n"
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_readiness_fails_when_the_database_does_not_answer(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise probes.connections["default"].Database.OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(probes.connections["default"], "cursor", refuse)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept(client, db):
    made = client.get("/logg-inn/")["X-Request-ID"]
    assert len(made) == 32
    assert int(made, 16) >= 0
    theirs = uuid.uuid4().hex
    assert client.get("/logg-inn/", HTTP_X_REQUEST_ID=theirs)["X-Request-ID"] == theirs
    # Anything that is not a UUID is replaced, so a client cannot write into the logs.
    assert client.get("/logg-inn/", HTTP_X_REQUEST_ID='x", "level": "forged')["X-Request-ID"] != "x"


def test_the_request_log_is_json_with_the_request_id_and_without_the_query(client, db, settings):
    config = copy.deepcopy(settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    config["loggers"]["laget.operations"]["level"] = "INFO"
    logging.config.dictConfig(config)
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)
    try:
        response = client.get("/logg-inn/?next=/elever/?q=Ola+Nordmann")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    request = next(line for line in lines if line["logger"] == "laget.operations.request")
    assert request["request_id"] == response["X-Request-ID"]
    assert request["path"] == "/logg-inn/"
    assert request["status"] == 200
    assert request["method"] == "GET"
    assert request["user_id"] is None
    assert "Nordmann" not in stream.getvalue()


def test_page_not_found_is_norwegian(client, world):
    client.force_login(world.lead)
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Vi fant ikke siden" in html
    assert 'lang="nb"' in html
    assert "Not Found" not in html


def test_bad_request_is_norwegian(client, db):
    response = client.get("/logg-inn/", HTTP_HOST="angriper.example")  # not in ALLOWED_HOSTS
    assert response.status_code == 400
    assert "Forespørselen kunne ikke behandles" in response.content.decode()


def test_permission_denied_is_norwegian(db):
    request = RequestFactory().get("/")
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden" in response.content.decode()


def test_an_expired_form_gets_a_norwegian_page_that_says_what_to_do(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/logg-inn/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Skjemaet var utløpt" in html
    assert "Ingenting ble lagret" in html
    assert "CSRF verification failed" not in html


def test_server_error_page_needs_no_database():
    # No `db` fixture: pytest-django refuses any query, so this fails if the page touches the database.
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Noe gikk galt hos oss" in html
    assert "laget.css" in html  # the product's look, not Django's bare page
