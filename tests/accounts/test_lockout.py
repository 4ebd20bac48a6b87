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
    # Even the right password is refused now, from this address.
    again = password_login(client, world.teacher, password=PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def failed_logins(client, username, address, times=5):
    for _ in range(times):
        client.post("/logg-inn/", {"username": username, "password": "feil-passord-123"}, REMOTE_ADDR=address)


@override_settings(AXES_ENABLED=True)
def test_one_users_typos_behind_a_schools_shared_address_do_not_lock_out_the_others(client, world):
    failed_logins(client, world.teacher.username, "10.20.30.40")
    typist = client.post(
        "/logg-inn/", {"username": world.teacher.username, "password": PASSWORD}, REMOTE_ADDR="10.20.30.40"
    )
    assert typist.status_code == 429  # the one who typed wrong is locked at this address …
    colleague = client.post(
        "/logg-inn/", {"username": world.lead.username, "password": PASSWORD}, REMOTE_ADDR="10.20.30.40"
    )
    assert colleague.status_code == 302  # … the colleague at the same address is not


@override_settings(AXES_ENABLED=True)
def test_nobody_can_lock_out_a_user_from_another_address(client, world):
    failed_logins(client, world.lead.username, "203.0.113.66")
    attacker = client.post(
        "/logg-inn/", {"username": world.lead.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.66"
    )
    assert attacker.status_code == 429  # the guessing address is locked for that user …
    owner = client.post("/logg-inn/", {"username": world.lead.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
    assert owner.status_code == 302  # … the user at their own address still gets in


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_failure_limit_comes_from_settings(client, world):
    failed_logins(client, world.teacher.username, "10.20.30.40", times=3)
    locked = client.post(
        "/logg-inn/", {"username": world.teacher.username, "password": PASSWORD}, REMOTE_ADDR="10.20.30.40"
    )
    assert locked.status_code == 429


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
    def attempt(forwarded, password):
        return client.post(
            "/logg-inn/",
            {"username": world.teacher.username, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(5):
        attempt("203.0.113.9", "feil-passord-123")
    assert attempt("203.0.113.9", PASSWORD).status_code == 429  # the client that guessed is locked
    # … and stays locked when it forges an address in front of the one the proxy wrote (the lockout
    # would count the forged one if the leftmost entry were trusted).
    assert attempt("192.0.2.77, 203.0.113.9", PASSWORD).status_code == 429
    # Same proxy, different client: not locked (would be, if the proxy's own address counted).
    assert attempt("198.51.100.4", PASSWORD).status_code == 302
