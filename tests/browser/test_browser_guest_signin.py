"""A guest from another agency gets in unaided, in the browser: the lead invites them on the meeting's
guest page, the guest opens the e-mailed link, gets a one-time code by e-mail, and lands on their
agenda item — with no staff menu. A used link and an expired link are refused in Norwegian."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from laget.meetings.models import AgendaItem, GuestSignIn, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUEST_EMAIL = "bente@barnevern.test"


def link_in(message) -> str:
    match = re.search(r"https?://\S+/gjest/inn/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def code_in(message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


@pytest.fixture
def guest_page(browser):
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def test_guest_gets_from_the_email_to_the_item_and_links_expire(
    world, case_factory, page_for, guest_page, live_server, settings, screenshot_dir
):
    settings.SITE_URL = live_server.url
    meeting = Meeting.objects.create(
        team=world.team, starts_at=timezone.now() + datetime.timedelta(days=3), created_by=world.lead
    )
    case = case_factory(consent=True, title="Lesing")
    AgendaItem.objects.create(meeting=meeting, part=2, case=case, title="Lesevansker 5A", notes="Barnevern følger opp.")
    AgendaItem.objects.create(meeting=meeting, part=1, title="Skolemiljø på 7. trinn")

    # The lead invites the guest to one item.
    lead = page_for(world.lead)
    lead.goto(f"{live_server.url}/gjest/mote/{meeting.pk}/")
    lead.fill("#id_name", "Bente Barnevern")
    lead.fill("#id_email", GUEST_EMAIL)
    lead.fill("#id_agency", "Barneverntjenesten")
    lead.select_option("#id_agency_kind", "child_welfare")
    lead.get_by_label("Lesevansker 5A").check()
    lead.get_by_role("button", name="Inviter").click()
    lead.wait_for_selector("text=Gjesten er invitert og har fått en innloggingslenke på e-post.")
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == [GUEST_EMAIL]
    link = link_in(invitation_mail)

    # The guest opens the link, asks for the code, types it.
    guest = guest_page()
    guest.goto(link)
    assert "Send meg en kode" in guest.content()
    guest.screenshot(path=str(screenshot_dir / "gjest-lenke.png"), full_page=True)
    guest.get_by_role("button", name="Send meg en kode").click()
    guest.wait_for_url("**/gjest/kode/")
    code_mail = mail.outbox[-1]
    assert code_mail.to == [GUEST_EMAIL]
    guest.fill("#id_code", code_in(code_mail))
    guest.get_by_role("button", name="Logg inn").click()
    guest.wait_for_url("**/gjest/invitasjon/*/")
    main = guest.locator("main").inner_text()
    assert "Lesevansker 5A" in main
    assert "Skolemiljø på 7. trinn" not in main  # not invited to that item
    assert guest.get_by_role("navigation", name="Hovedmeny").count() == 0  # no staff menu
    assert guest.get_by_role("navigation", name="Meny for gjester").count() == 1
    guest.screenshot(path=str(screenshot_dir / "gjest-sak.png"), full_page=True)
    response = guest.goto(f"{live_server.url}/saker/")
    assert response.status == 404

    # The same link again, in another browser: used.
    stranger = guest_page()
    response = stranger.goto(link)
    assert response.status == 410
    assert "Denne lenken er allerede brukt" in stranger.locator("main").inner_text()

    # The guest asks for a new link on the login page's guest link; it expires unused.
    stranger.goto(f"{live_server.url}/logg-inn/")
    stranger.get_by_role("link", name="Gjest fra en annen instans? Be om ny innloggingslenke").click()
    stranger.fill("#id_email", GUEST_EMAIL)
    stranger.get_by_role("button", name="Send ny lenke").click()
    stranger.wait_for_selector("text=Hvis adressen har en aktiv invitasjon")
    new_link = link_in(mail.outbox[-1])
    assert new_link != link
    newest = GuestSignIn.objects.order_by("-pk").first()
    GuestSignIn.objects.filter(pk=newest.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = stranger.goto(new_link)
    assert response.status == 410
    assert "Lenken er utløpt" in stranger.locator("main").inner_text()
    stranger.screenshot(path=str(screenshot_dir / "gjest-utlopt.png"), full_page=True)
