"""Login is required everywhere but /healthz and the login page (issue 2, item 11).

Walks every URL pattern the resolver knows, so a new page without protection fails here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {"healthz", "readyz", "login", "calendar_feed"}  # the .ics feed: a private token instead of a login
# The Feide login and its callback: reached before there is a login (tests/browser/test_feide_login.py).
# Password reset by e-mail (Django's views), before there is a login too.
PUBLIC |= {"feide_login", "feide_callback"}
PUBLIC |= {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}
# A guest's e-mailed sign-in link, its one-time code, and asking for a new link (laget.meetings.guest_signin).
PUBLIC |= {"signin", "signin_code", "signin_request"}


def walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name


def concrete(route: str) -> str:
    path = re.sub(r"<(?:int:)?[^>]+>", "1", route)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return "/" + path


def own_routes():
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue  # Django admin has its own login; staff-only
        yield pytest.param(route, name, id=name or route)


@pytest.mark.parametrize(("route", "name"), list(own_routes()))
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_page_requires_login(client, db, route, name, method):
    if name in PUBLIC or (name or "").split(":")[-1] in PUBLIC:
        return
    response = getattr(client, method)(concrete(route))
    assert response.status_code in (302, 405), f"{route} answered {response.status_code} without login"
    if response.status_code == 302:
        assert response["Location"].startswith("/logg-inn/")
