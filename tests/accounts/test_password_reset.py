"""Password reset by e-mail and password change: Django's views, Norwegian, rate-limited, no user enumeration."""

import datetime
import re

import pytest
import time_machine
from accounts_helpers import PASSWORD, password_login
from django.core import mail
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laget.accounts.services import feide_link_set

RESET = "/logg-inn/glemt-passord/"
NEW_PASSWORD = "et langt nytt passord for laget"


def link_in(message) -> str:
    match = re.search(r"https?://\S+/logg-inn/nytt-passord/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_reset_link_by_email_sets_a_new_password(client, world, settings):
    settings.SITE_URL = "https://laget.kommune.no"
    response = client.post(RESET, {"email": world.member.email})
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/glemt-passord/sendt/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email]
    assert message.subject == "Nytt passord i Laget"
    link = link_in(message)
    assert link.startswith("https://laget.kommune.no/logg-inn/nytt-passord/")  # SITE_URL, not the Host header

    page = client.get(path_of(link), follow=True)  # Django moves the token out of the URL into the session
    assert "Lag nytt passord" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/logg-inn/nytt-passord/ferdig/"

    world.member.refresh_from_db()
    assert world.member.check_password(NEW_PASSWORD)
    assert not world.member.check_password(PASSWORD)

    # The link works once.
    again = Client().get(path_of(link), follow=True)
    assert "Lenken virker ikke: den er brukt før, utløpt eller ufullstendig" in again.content.decode()


def test_reset_answers_the_same_for_unknown_addresses(client, world):
    known = client.post(RESET, {"email": world.member.email})
    unknown = Client().post(RESET, {"email": "finnes.ikke@skole.test"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1  # only the real user got one
    assert mail.outbox[0].to == [world.member.email]


def test_no_reset_mail_for_a_feide_only_user(client, world):
    world.teacher.set_unusable_password()
    world.teacher.save()
    feide_link_set(user=world.teacher, feide_userid="teacher@skole.test")
    response = client.post(RESET, {"email": world.teacher.email})
    assert response.status_code == 302
    assert mail.outbox == []


def test_reset_is_rate_limited_per_address_with_a_norwegian_message(client, world, settings):
    settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR = 3
    start = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            assert client.post(RESET, {"email": world.member.email}).status_code == 302
        refused = client.post(RESET, {"email": world.member.email})
        assert refused.status_code == 429
        assert "Det er bedt om nytt passord for mange ganger den siste timen" in refused.content.decode()
        assert world.member.email in refused.content.decode()  # what was typed is kept
        # An unknown address is limited the same way: the refusal tells nothing about accounts.
        for _ in range(3):
            client.post(RESET, {"email": "ukjent@skole.test"})
        assert client.post(RESET, {"email": "ukjent@skole.test"}).status_code == 429
    assert len(mail.outbox) == 3
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert client.post(RESET, {"email": world.member.email}).status_code == 302
    assert len(mail.outbox) == 4


def test_reset_is_rate_limited_per_client_address(client, world, settings):
    settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR = 2
    assert client.post(RESET, {"email": "a@skole.test"}).status_code == 302
    assert client.post(RESET, {"email": "b@skole.test"}).status_code == 302
    assert client.post(RESET, {"email": world.member.email}).status_code == 429
    assert mail.outbox == []
    other_client = Client(REMOTE_ADDR="10.0.0.9")
    assert other_client.post(RESET, {"email": world.member.email}).status_code == 302


def test_password_change_keeps_this_session_and_ends_the_others(world):
    elsewhere = Client()
    elsewhere.force_login(world.member)
    assert elsewhere.get("/").status_code == 200
    here = Client()
    here.force_login(world.member)
    wrong = here.post(
        "/konto/passord/",
        {"old_password": "feil passord her", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert "ds-error-summary" in wrong.content.decode()
    world.member.refresh_from_db()
    assert world.member.check_password(PASSWORD)

    ok = here.post(
        "/konto/passord/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert ok.status_code == 302
    assert ok["Location"] == "/konto/"
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302  # the other session is over
    fresh = Client()
    assert password_login(fresh, world.member, password=NEW_PASSWORD).status_code == 302


def test_password_change_is_not_offered_to_a_feide_only_user(client, world):
    world.teacher.set_unusable_password()
    world.teacher.save()
    client.force_login(world.teacher)
    response = client.get("/konto/passord/", follow=True)
    assert "Du logger inn med Feide og har ikke noe eget passord i Laget." in response.content.decode()
    assert "Bytt passord" not in client.get("/konto/").content.decode()


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    p1=st.text(max_size=300),
    p2=st.text(max_size=300),
    extra=st.dictionaries(st.text(max_size=20), st.text(max_size=50), max_size=3),
)
def test_hostile_input_to_the_new_password_form(world, p1, p2, extra):
    """The reset form sits behind a token URL, so tests/security/test_form_fuzz.py cannot reach it: fuzzed here."""
    with transaction.atomic():  # every example starts from the same user, password and rate limits
        client = Client()
        mail.outbox = []
        client.post(RESET, {"email": world.lead.email})
        page = client.get(path_of(link_in(mail.outbox[0])), follow=True)
        form_url = page.redirect_chain[-1][0]
        response = client.post(form_url, {**extra, "new_password1": p1, "new_password2": p2})
        assert response.status_code < 500
        world.lead.refresh_from_db()
        if response.status_code != 302:
            assert world.lead.check_password(PASSWORD)
        transaction.set_rollback(True)
