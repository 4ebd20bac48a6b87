"""Login is required everywhere but /healthz and the login page (issue 2, item 11).

Walks every URL pattern the resolver knows, so a new page without protection fails here.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Reached without a login, by their full names; test_public_routes_are_public_and_say_nothing says
# what each shows instead.
PUBLIC = {"healthz", "readyz", "login", "deadlines:calendar_feed"}  # the .ics feed: a private token, no login
# The Feide login and its callback: reached before there is a login (tests/browser/test_feide_login.py).
# Password reset by e-mail (Django's views), before there is a login too.
PUBLIC |= {"feide_login", "feide_callback"}
PUBLIC |= {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}
# A guest's e-mailed sign-in link, its one-time code, and asking for a new link (laget.meetings.guest_signin).
PUBLIC |= {"guests:signin", "guests:signin_code", "guests:signin_request"}
# The written-standard choice is in every page's footer, the login page's too.
PUBLIC |= {"accounts:language"}


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
    if name in PUBLIC:
        return  # checked below
    response = getattr(client, method)(concrete(route))
    assert response.status_code in (302, 405), f"{route} answered {response.status_code} without login"
    if response.status_code == 302:
        assert response["Location"].startswith("/logg-inn/")


def test_public_routes_are_public_and_say_nothing(client, world):
    """Each public route exists, answers without a login, and gives nothing away: the health check
    says "ok", the login page only refuses a wrong password, and the calendar feed opens only with
    a token that was issued (a made-up one is 404)."""
    from django.urls import reverse

    from laget.deadlines.services import feed_regenerate

    routes = {name: route for route, name in walk(get_resolver().url_patterns)}
    assert set(routes) >= PUBLIC, f"public routes that no longer exist: {sorted(PUBLIC - set(routes))}"
    # Every other public page answers without a login and shows nothing of anyone's data.
    for name in sorted(PUBLIC - {"healthz", "login", "deadlines:calendar_feed"}):
        response = client.get(concrete(routes[name]))
        assert response.status_code < 500, name
        assert not response.get("Location", "").startswith("/logg-inn/?"), f"{name} asks for a login"
        body = response.content.decode()
        for secret in (world.student.last_name, world.guardian.name, world.lead.get_full_name()):
            assert secret not in body, f"{name} shows {secret}"

    health = client.get(reverse("healthz"))
    assert (health.status_code, health.content) == (200, b"ok\n")

    login = client.get(reverse("login"))
    assert login.status_code == 200
    assert 'name="password"' in login.content.decode()
    refused = client.post(reverse("login"), {"username": world.lead.username, "password": "feil-passord-123"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session

    made_up = client.get(reverse("deadlines:calendar_feed", args=["ikke-et-token"]))
    assert made_up.status_code == 404
    feed = feed_regenerate(user=world.lead)
    issued = client.get(reverse("deadlines:calendar_feed", args=[feed.token]))
    assert issued.status_code == 200
    assert issued["Content-Type"].startswith("text/calendar")
    assert "_auth_user_id" not in client.session  # the token opens the feed, not a session
