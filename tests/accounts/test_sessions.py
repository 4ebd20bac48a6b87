"""Sessions: new id at login, idle and absolute timeouts, "Logg ut overalt", deactivation, re-authentication."""

import datetime

import time_machine
from accounts_helpers import PASSWORD, confirmed_device, password_login, totp_code
from django.contrib.sessions.models import Session
from django.test import Client

from laget.accounts.models import UserSession

START = datetime.datetime(2026, 10, 1, 7, 0, tzinfo=datetime.UTC)


def test_login_gives_a_new_session_id(client, world):
    client.get("/logg-inn/")
    client.session.save()
    before = client.session.session_key
    password_login(client, world.teacher)
    after = client.session.session_key
    assert after
    assert after != before
    assert UserSession.objects.filter(user=world.teacher, session_key=after).exists()


def test_second_factor_rotates_the_session_id_again(client, world):
    device = confirmed_device(world.lead)
    password_login(client, world.lead)
    after_password = client.session.session_key
    client.post("/konto/tofaktor/", {"code": totp_code(device)})
    after_code = client.session.session_key
    assert after_code != after_password
    assert not Session.objects.filter(session_key=after_password).exists()
    assert list(UserSession.objects.filter(user=world.lead).values_list("session_key", flat=True)) == [after_code]


def test_idle_timeout_logs_out_after_30_minutes(client, world, settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.teacher)
        assert client.get("/").status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity restarts the idle clock
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/elever/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=%2Felever%2F")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "inaktiv" in page


def test_absolute_timeout_logs_out_after_10_hours_even_when_active(client, world, settings):
    assert settings.SESSION_ABSOLUTE_SECONDS == 10 * 3600
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.teacher)
        for _ in range(40):  # every 15 minutes for 10 hours
            clock.shift(datetime.timedelta(minutes=15))
            response = client.get("/")
        assert response.status_code == 200
        clock.shift(datetime.timedelta(minutes=1))
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


def test_timeouts_follow_the_settings(client, world, settings):
    settings.SESSION_IDLE_SECONDS = 120
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.teacher)
        clock.shift(datetime.timedelta(seconds=121))
        assert client.get("/").status_code == 302


def test_logout_everywhere_ends_all_the_users_sessions(world):
    laptop, phone, colleague = Client(), Client(), Client()
    laptop.force_login(world.teacher)
    phone.force_login(world.teacher)
    colleague.force_login(world.lead)
    assert phone.get("/konto/").status_code == 200
    response = laptop.post("/konto/logg-ut-overalt/")
    assert response["Location"] == "/logg-inn/"
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    assert colleague.get("/").status_code == 200
    assert not UserSession.objects.filter(user=world.teacher).exists()


def test_deactivating_a_user_ends_their_sessions(world):
    browser = Client()
    browser.force_login(world.teacher)
    key = browser.session.session_key
    world.teacher.is_active = False
    world.teacher.save()
    assert not Session.objects.filter(session_key=key).exists()
    assert browser.get("/").status_code == 302


def test_account_page_offers_logout_everywhere(client, world):
    client.force_login(world.teacher)
    html = client.get("/konto/").content.decode()
    assert "Logg ut overalt" in html
    assert "Tofaktorinnlogging" in html


def test_email_change_needs_the_password_again_valid_five_minutes(client, world):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.teacher)
        response = client.post("/konto/e-post/", {"email": "ny@skole.test"})
        assert response["Location"].startswith("/konto/bekreft-passord/")
        bad = client.post("/konto/bekreft-passord/", {"password": "feil", "next": "/konto/e-post/"})
        assert "Feil passord" in bad.content.decode()
        ok = client.post("/konto/bekreft-passord/", {"password": PASSWORD, "next": "/konto/e-post/"})
        assert ok["Location"] == "/konto/e-post/"
        clock.shift(datetime.timedelta(minutes=4))
        assert client.post("/konto/e-post/", {"email": "ny@skole.test"})["Location"] == "/konto/"
        world.teacher.refresh_from_db()
        assert world.teacher.email == "ny@skole.test"
        clock.shift(datetime.timedelta(minutes=2))
        late = client.post("/konto/e-post/", {"email": "senere@skole.test"})
    assert late["Location"].startswith("/konto/bekreft-passord/")
    world.teacher.refresh_from_db()
    assert world.teacher.email == "ny@skole.test"


def test_new_recovery_codes_and_reenrolment_need_the_password_again(client, world):
    client.force_login(world.teacher)
    assert client.get("/konto/tofaktor/nye-koder/")["Location"].startswith("/konto/bekreft-passord/")
    assert client.get("/konto/tofaktor/sett-opp/")["Location"].startswith("/konto/bekreft-passord/")
    client.post("/konto/bekreft-passord/", {"password": PASSWORD})
    assert client.get("/konto/tofaktor/sett-opp/").status_code == 200
    response = client.post("/konto/tofaktor/nye-koder/")
    assert response["Location"].startswith("/konto/tofaktor/koder/")
    assert client.get(response["Location"]).content.decode().count("<li><code>") == 10
