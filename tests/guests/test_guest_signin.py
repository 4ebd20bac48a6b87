"""Guests get in unaided: invited → e-mailed single-use link → one-time code to the same address → their items.

Only hashes are stored; reused, forged and expired links are refused with a Norwegian message; the
steps are in the school's access log; attempts are rate-limited."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laget.audit.models import AccessLogEntry
from laget.meetings.guests import guest_invite, guest_revoke
from laget.meetings.models import AgendaItem, GuestSignIn, Meeting
from laget.organisations.access import Access

GUEST_EMAIL = "saksbehandler@barnevern.test"
NOW = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)
MEETING_AT = datetime.datetime(2026, 10, 6, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def invitation(world, case_factory, clock):
    meeting = Meeting.objects.create(team=world.team, starts_at=MEETING_AT, created_by=world.lead)
    case = case_factory(consent=True, title="Lesing")
    item = AgendaItem.objects.create(meeting=meeting, part=2, case=case, title="Lesing", notes="Barnevern følger opp.")
    return guest_invite(
        access=Access(world.lead),
        meeting=meeting,
        email=GUEST_EMAIL,
        name="Bente Barnevern",
        agency="Barneverntjenesten",
        agency_kind="child_welfare",
        items=[item],
    )


def link_from(message) -> str:
    match = re.search(r"https?://[^\s]+/gjest/inn/[^\s/]+/", message.body)
    assert match, message.body
    return re.sub(r"^https?://[^/]+", "", match.group(0))


def code_from(message) -> str:
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


def actions(school_id) -> list[str]:
    return list(AccessLogEntry.objects.filter(school_id=school_id).order_by("seq").values_list("action", flat=True))


def sign_in(client, link):
    """Open the link, press the button, type the code from the second e-mail."""
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("guests:signin_code")
    return client.post(reverse("guests:signin_code"), {"code": code_from(mail.outbox[-1])})


def test_invitation_emails_a_link_and_stores_only_its_hash(world, invitation):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [GUEST_EMAIL]
    assert "Barneverntjenesten" in message.body
    assert world.student.first_name not in message.body  # the e-mail names no student
    token = link_from(message).rstrip("/").rsplit("/", 1)[-1]
    signin = GuestSignIn.objects.get(invitation=invitation)
    assert token not in signin.token_hash
    assert not GuestSignIn.objects.filter(token_hash=token).exists()
    assert "guest.signin_link_sent" in actions(world.school.pk)


def test_link_then_code_signs_the_guest_in_to_their_items(world, invitation, clock):
    client = Client()
    link = link_from(mail.outbox[0])
    page = client.get(link)
    assert "Send meg en kode" in page.content.decode()
    assert GuestSignIn.objects.get().used_at is None  # opening the link (a mail scanner) uses nothing
    response = sign_in(client, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("guests:guest_meeting", args=[invitation.pk])
    assert mail.outbox[1].to == [GUEST_EMAIL]
    html = client.get(response["Location"]).content.decode()
    assert "Lesing" in html
    assert "Hovedmeny" not in html  # no staff menu
    assert "Mine invitasjoner" in html
    assert client.get(reverse("cases:case_list")).status_code == 404  # staff pages do not exist for a guest
    steps = [a for a in actions(world.school.pk) if a.startswith("guest.")]
    assert steps == [
        "guest.signin_link_sent",
        "guest.signin_link_opened",  # the test's look at the page
        "guest.signin_link_opened",
        "guest.signin_code_sent",
        "guest.signin",
    ]
    assert "meeting.guest_view" in actions(world.school.pk)


def test_a_used_link_is_refused(world, invitation):
    link = link_from(mail.outbox[0])
    assert sign_in(Client(), link).status_code == 302
    again = Client().get(link)
    assert again.status_code == 410
    assert "Denne lenken er allerede brukt" in again.content.decode()
    assert Client().post(link).status_code == 410
    assert "guest.signin_link_reused" in actions(world.school.pk)


def test_a_forged_link_is_refused_and_logged(world, invitation):
    response = Client().get("/gjest/inn/forfalsket-lenke-som-ikke-finnes/")
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()
    assert AccessLogEntry.objects.filter(school_id__isnull=True, action="guest.signin_link_unknown").exists()


def test_an_expired_link_is_refused_with_a_norwegian_message(world, invitation, clock, settings):
    link = link_from(mail.outbox[0])
    clock.shift(datetime.timedelta(hours=settings.GUEST_SIGNIN_LINK_HOURS, minutes=1))
    response = Client().get(link)
    assert response.status_code == 410
    assert "Lenken er utløpt" in response.content.decode()
    assert "guest.signin_link_expired" in actions(world.school.pk)


def test_a_revoked_invitation_ends_its_link(world, invitation):
    guest_revoke(access=Access(world.lead), invitation=invitation)
    response = Client().get(link_from(mail.outbox[0]))
    assert response.status_code == 410
    assert "Invitasjonen er avsluttet" in response.content.decode()


def test_wrong_codes_are_counted_and_end_the_attempt(world, invitation, settings):
    settings.GUEST_SIGNIN_CODE_ATTEMPTS = 3
    client = Client()
    link = link_from(mail.outbox[0])
    client.post(link)
    code = code_from(mail.outbox[-1])
    wrong = "000000" if code != "000000" else "111111"
    first = client.post(reverse("guests:signin_code"), {"code": wrong})
    assert first.status_code == 400
    assert "Koden stemmer ikke. Du har 2 forsøk igjen." in first.content.decode()
    client.post(reverse("guests:signin_code"), {"code": wrong})
    last = client.post(reverse("guests:signin_code"), {"code": wrong})
    assert last.status_code == 429
    refused = client.post(reverse("guests:signin_code"), {"code": code})  # even the right code, now
    assert refused.status_code == 429
    assert "For mange feil koder" in refused.content.decode()
    assert client.get(reverse("guests:guest_home")).status_code == 302  # not signed in


def test_the_code_expires(world, invitation, clock, settings):
    client = Client()
    client.post(link_from(mail.outbox[0]))
    code = code_from(mail.outbox[-1])
    clock.shift(datetime.timedelta(minutes=settings.GUEST_SIGNIN_CODE_MINUTES, seconds=1))
    response = client.post(reverse("guests:signin_code"), {"code": code})
    assert response.status_code == 410
    assert "Koden er utløpt" in response.content.decode()


def test_the_code_works_only_in_the_browser_that_opened_the_link(world, invitation):
    client = Client()
    client.post(link_from(mail.outbox[0]))
    other = Client()
    response = other.post(reverse("guests:signin_code"), {"code": code_from(mail.outbox[-1])})
    assert response.status_code == 400
    assert "Start med lenken i e-posten" in response.content.decode()


def test_a_new_link_on_request_and_the_same_answer_for_strangers(world, invitation, settings):
    url = reverse("guests:signin_request")
    known = Client().post(url, {"email": GUEST_EMAIL.upper()})
    unknown = Client().post(url, {"email": "ukjent@barnevern.test"})
    staff = Client().post(url, {"email": world.lead.email})
    for response in (known, unknown, staff):
        assert response.status_code == 200
        assert "Hvis adressen har en aktiv invitasjon, har vi sendt en ny lenke dit nå." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[GUEST_EMAIL], [GUEST_EMAIL]]
    # The first link stops working when a newer one is sent.
    assert Client().get(link_from(mail.outbox[0])).status_code == 410
    assert Client().get(link_from(mail.outbox[1])).status_code == 200


def test_new_links_are_rate_limited(world, invitation, settings):
    settings.GUEST_SIGNIN_NEW_LINKS_PER_HOUR = 2
    url = reverse("guests:signin_request")
    for _ in range(2):
        assert Client().post(url, {"email": GUEST_EMAIL}).status_code == 200
    refused = Client().post(url, {"email": GUEST_EMAIL})
    assert refused.status_code == 429
    assert "For mange forsøk" in refused.content.decode()
    assert len(mail.outbox) == 3  # the invitation and two new links


def test_guessing_links_is_rate_limited_per_client(world, invitation, settings):
    settings.GUEST_SIGNIN_PER_CLIENT_PER_HOUR = 5
    client = Client()
    for i in range(5):
        assert client.get(f"/gjest/inn/gjetning-{i}/").status_code == 404
    blocked = client.get(link_from(mail.outbox[0]))  # even the real link, from this client, for now
    assert blocked.status_code == 429
    assert Client(REMOTE_ADDR="10.1.2.3").get(link_from(mail.outbox[0])).status_code == 200


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(max_size=300), extra=st.dictionaries(st.text(max_size=20), st.text(max_size=50), max_size=3))
def test_hostile_input_to_the_code_form(world, invitation, code, extra):
    """The code form needs a link opened in this browser, so tests/security/test_form_fuzz.py cannot
    reach it: fuzzed here. No server error; a refused code signs nobody in."""
    with transaction.atomic():
        client = Client()
        client.post(link_from(mail.outbox[0]))
        response = client.post(reverse("guests:signin_code"), {**extra, "code": code})
        assert response.status_code < 500
        if response.status_code != 302:
            assert client.get(reverse("guests:guest_home")).status_code == 302
        transaction.set_rollback(True)
