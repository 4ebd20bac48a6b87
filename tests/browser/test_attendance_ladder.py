"""Attendance ladder through the real UI: three undocumented absences → the follow-up opens by
itself → steps 5, 6 and 7 → the case is on the resource team's next agenda (part 2 Individarbeid).

Only the browser writes (the planned meeting and the follower's membership are set up first)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from laget.attendance.models import FollowUp
from laget.attendance.presets import preset_load
from laget.meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.browser


def make_follower(world):
    """An attendance follower (nærværsoppfølger) on the world's team."""
    from django.contrib.auth import get_user_model

    from laget.organisations.models import Membership, Role, Staff

    role, _ = Role.objects.get_or_create(code="narvaerfolger", defaults={"name": "Nærværsoppfølger"})
    user = get_user_model().objects.create_user(
        username="narvaer",
        password="test-password-123",
        first_name="Nina",
        last_name="Nærvær",
        email="narvaer@skole.test",
    )
    Staff.objects.create(user=user, school=world.school, title="Nærværsoppfølger")
    Membership.objects.create(team=world.team, user=user, role=role)
    return user


def shot(page, screenshot_dir, name):
    page.screenshot(path=str(screenshot_dir / name), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_three_absences_open_the_ladder_and_step_7_reaches_the_agenda(world, page_for, live_server, screenshot_dir):
    url = live_server.url
    preset_load("breivang")
    follower = make_follower(world)
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        team=world.team,
        starts_at=timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=5), datetime.time(12))),
        created_by=world.lead,
    )
    days = [today - datetime.timedelta(days=n) for n in (2, 1, 0)]

    page = page_for(follower)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Fravær").click()
    page.wait_for_url(f"{url}/fravaer/")
    for day in days:
        page.get_by_role("link", name="Registrer fravær").first.click()
        page.select_option("#id_student", label="Ola Nordmann (5A)")
        page.fill("#id_date", day.isoformat())
        page.get_by_label("Udokumentert").check()
        page.get_by_role("button", name="Registrer fravær").click()
        if day != days[-1]:
            expect(page.get_by_text("Fraværet er registrert.")).to_be_visible()
            assert not FollowUp.objects.exists()
    page.wait_for_url(re.compile(rf"{re.escape(url)}/fravaer/oppfolging/\d+/$"))
    expect(page.get_by_text("Nærværsoppfølging er startet")).to_be_visible()
    followup = FollowUp.objects.get()
    assert followup.opened_on == today
    assert any(follower.email in m.to for m in mail.outbox)
    shot(page, screenshot_dir, "fravaer-01-oppfolging.png")

    steps = [
        (5, "Snakket med Ola på telefon; mor kontaktet."),
        (6, "Møte med elev, mor og kontaktlærer. Avtalt fast oppmøte."),
        (7, "Fraværet fortsetter – meldt til ressursteamet."),
    ]
    for number, text in steps:
        section = page.locator(f"#trinn-{number}")
        expect(section.get_by_text("Neste trinn")).to_be_visible()
        section.get_by_label("Hva ble gjort").fill(text)
        section.get_by_role("button", name=f"Registrer trinn {number}").click()
        expect(page.get_by_text(f"Trinn {number} er registrert.")).to_be_visible()
    expect(page.locator("#trinn-8").get_by_text("Neste trinn")).to_be_visible()
    shot(page, screenshot_dir, "fravaer-02-trinn-7.png")

    followup.refresh_from_db()
    assert followup.case is not None
    item = AgendaItem.objects.get(case=followup.case)
    assert item.meeting == meeting
    assert item.part == AgendaItem.Part.INDIVIDUAL

    lead = page_for(world.lead)
    lead.goto(f"{url}/moter/{meeting.pk}/")
    # The lead knows the student anyway (the disclosure policy): named on the agenda, even without consent.
    expect(lead.locator("strong", has_text=followup.student.full_name)).to_be_visible()
    shot(lead, screenshot_dir, "fravaer-03-saksliste.png")

    page.get_by_role("link", name="Elevskjema").first.click()
    expect(page.get_by_text("Rutinebeskrivelse for bruk av skjema for nærværsoppfølging")).to_be_visible()
    shot(page, screenshot_dir, "fravaer-04-elevskjema.png")
