"""Every URL × every role × GET/POST × own/other school against permission_table.TABLE (item 4).

One test per URL name: the objects of both schools are built once for it, and every request runs
inside a savepoint that is rolled back, so an allowed POST (remove, approve, close) cannot change
what the next role sees. Failures are collected and reported together.
"""

import sys

import pytest
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from permission_table import NO, NOT_FOUND, OK, ROLES, TABLE, kwarg_value, url_names
from security_helpers import rolled_back

from laget.audit.labels import is_write
from laget.audit.models import AccessLogEntry
from laget.documents.pdf import render_pdf

METHODS = ("get", "post")
# The other school's lead (team relation) and contact teacher (class relation) probe this school's
# objects, and so does the other school's guest (invited there, not here); the outsider's own school
# is probed with the lead's expectations. Kept to three for speed.
OTHER_SCHOOL_PROBES = ("lead", "teacher", "guest")


def test_every_url_has_a_row_and_every_row_a_url():
    names = set(url_names())
    missing = sorted(names - set(TABLE))
    stale = sorted(set(TABLE) - names)
    assert not missing, f"URLs without a row in tests/security/permission_table.py: {missing}"
    assert not stale, f"rows for URLs that no longer exist: {stale}"


# Reached with a private token instead of a login (the calendar feed); a wrong token is 404 for anyone.
TOKEN_URLS = {"deadlines:calendar_feed", "guests:signin"}
# Public pages of the login itself (Feide, password reset): an anonymous visitor gets the page, a
# redirect onwards, a refusal or 404 — never a server error.
PUBLIC_URLS = {
    "feide_login",
    "feide_callback",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "guests:signin_code",
    "guests:signin_request",
    "accounts:language",  # the written standard chosen in the footer, before login too
}


def _url(name, pattern, spec, objects):
    kwargs = {}
    for key in pattern.pattern.converters:
        if key in spec["kwargs"]:
            kwargs[key] = kwarg_value(spec["kwargs"][key], objects)
        else:
            assert spec["obj"], f"{name}: the row names no object for <{key}>"
            kwargs[key] = objects[spec["obj"]].pk
    return reverse(name, kwargs=kwargs)


@pytest.fixture(autouse=True)
def html_instead_of_pdf(monkeypatch):
    """WeasyPrint takes seconds per document; the matrix tests who gets the document, so every view
    that makes a PDF (documents, attendance form, Art. 15 report, routine description …) renders its
    template (same context, same access log) without the PDF step. The URL modules are imported by
    the time a test runs (the resolver is walked at collection)."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("laget.") and getattr(module, "render_pdf", None) is render_pdf:
            monkeypatch.setattr(
                module, "render_pdf", lambda template, context, **_: render_to_string(template, context).encode()
            )


def _request(client, method, url, data, failures):
    with rolled_back():
        if method == "post":
            return client.post(url, data)
        before = AccessLogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
        response = client.get(url)
        # The log tells the truth: a GET shows, it never writes, so it is never logged as a write.
        writes = [
            a for a in AccessLogEntry.objects.filter(pk__gt=before).values_list("action", flat=True) if is_write(a)
        ]
        if writes:
            failures.append(f"GET {url} was logged as a write: {sorted(set(writes))}")
        return response


def _verdict(expected, response) -> bool:
    status = response.status_code
    if status == 405:
        return True  # the view does not take this method
    if expected == OK:
        return status < 400 or status in (400, 409)
    if expected == NO:
        return status in (403, 404)
    if expected == NOT_FOUND:
        return status == 404
    raise AssertionError(f"unknown expectation {expected!r}")


def _expected(spec, role, method):
    value = spec["roles"][role]
    return value[method.upper()] if isinstance(value, dict) else value


@pytest.mark.parametrize("name", sorted(url_names()))
def test_permission_matrix(client, schools, name):
    if name not in TABLE:
        pytest.fail(f"{name} has no row in tests/security/permission_table.py: say who may use it")
    pattern = url_names()[name]
    spec = TABLE[name]
    (own_people, own_objects), (other_people, other_objects) = schools
    failures = []

    def check(who, user, objects, expected, method):
        url = _url(name, pattern, spec, objects)
        client.logout()
        if user is not None:
            client.force_login(user)
        response = _request(client, method, url, spec["post"], failures)
        ok = _verdict(expected, response)
        if user is None and name in TOKEN_URLS:
            ok = response.status_code in (404, 405)  # no login, but a made-up token opens nothing
        elif user is None and name in PUBLIC_URLS:
            ok = response.status_code < 500
        elif user is None and name not in ("healthz", "readyz", "login"):
            location = response.get("Location", "")
            ok = response.status_code == 405 or (response.status_code == 302 and location.startswith("/logg-inn/"))
        if not ok:
            failures.append(f"{method.upper()} {url} as {who}: expected {expected}, got {response.status_code}")

    for method in METHODS:
        check("anonymous", None, own_objects, OK, method)
        for role in ROLES:
            check(role, own_people[role], own_objects, _expected(spec, role, method), method)
            if spec["obj"] and role in OTHER_SCHOOL_PROBES:
                check(f"{role} (other school)", other_people[role], own_objects, spec["other_school"], method)
        check("outsider", other_people["lead"], other_objects, _expected(spec, "lead", method), method)
    assert not failures, "\n".join(failures)
