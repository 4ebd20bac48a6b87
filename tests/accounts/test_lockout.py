"""Lockout after repeated failed logins (django-axes), also behind a reverse proxy."""

from accounts_helpers import PASSWORD, password_login
from django.test import RequestFactory, override_settings

from laget.accounts.client_ip import client_ip


@override_settings(AXES_ENABLED=True)
def test_five_failed_logins_lock_the_account_with_a_norwegian_page(client, world):
    for _ in range(4):
        assert password_login(client, world.teacher, password="feil-passord-123").status_code == 200
    locked = password_login(client, world.teacher, password="feil-passord-123")
    assert locked.status_code == 429
    assert "Innloggingen er midlertidig sperret" in locked.content.decode()
    # Even the right password is refused now, from another address too.
    again = password_login(client, world.teacher, password=PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    elsewhere = client.post(
        "/logg-inn/", {"username": world.teacher.username, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert elsewhere.status_code == 429


@override_settings(AXES_ENABLED=True)
def test_four_failures_do_not_lock(client, world):
    for _ in range(4):
        password_login(client, world.teacher, password="feil-passord-123")
    assert password_login(client, world.teacher).status_code == 302


def request_with(xff=None, remote="10.0.0.2"):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/logg-inn/", **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_x_forwarded_for_is_ignored():
    assert client_ip(request_with("203.0.113.9")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_forged():
    assert client_ip(request_with("203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_with("1.1.1.1, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_with(None)) == "10.0.0.2"
    assert client_ip(request_with("not-an-ip")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies():
    assert client_ip(request_with("1.1.1.1, 203.0.113.9, 10.0.0.5")) == "203.0.113.9"


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
def test_lockout_by_address_uses_the_forwarded_client_address(client, world):
    for _ in range(5):
        client.post(
            "/logg-inn/",
            {"username": "finnes-ikke", "password": "x" * 12},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    other_client = client.post(
        "/logg-inn/",
        {"username": world.teacher.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert other_client.status_code == 302  # same proxy, different client: not locked
