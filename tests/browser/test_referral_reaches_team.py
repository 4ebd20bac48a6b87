"""The loop a team lives, through the real UI: the teacher refers → the lead is told (e-mail and
Min side) → puts the case on the next meeting from the case page → the teacher is invited, sees the
meeting on Min side and their item on it, and nothing else of the agenda."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from laget.cases.models import Case
from laget.meetings import services
from laget.meetings.models import AgendaItem
from laget.organisations.access import Access

pytestmark = pytest.mark.browser


def shot(page, screenshot_dir, name):
    page.screenshot(path=str(screenshot_dir / name), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_teacher_refers_lead_puts_it_on_the_next_meeting_teacher_sees_their_item(
    world, page_for, live_server, screenshot_dir
):
    url = live_server.url
    today = timezone.localdate()
    # The team's next meeting is planned, with system work the teacher is not invited to.
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=6)
    meeting = services.meeting_create(access=Access(world.lead), team=world.team, starts_at=starts)
    services.agenda_item_add(access=Access(world.lead), meeting=meeting, part=1, title="Uro i overgangene")

    # 1. The teacher refers.
    teacher = page_for(world.teacher)
    teacher.goto(f"{url}/meldinger/ny/")
    value = teacher.locator("#id_student option", has_text="Ola Nordmann").first.get_attribute("value")
    teacher.select_option("#id_student", value=value)
    teacher.fill("#id_first_concern_date", (today - datetime.timedelta(days=20)).isoformat())
    teacher.get_by_label("Lesevansker").check()
    teacher.fill("#id_strengths", "God i matematikk.")
    mail.outbox.clear()
    teacher.get_by_role("button", name="Send til ressursteamet").click()
    teacher.wait_for_url(re.compile(rf"{re.escape(url)}/saker/\d+/$"))
    case = Case.objects.get(student=world.student)

    # 2. The lead is told: by e-mail (no name in it) and on Min side.
    assert [m.to for m in mail.outbox] == [[world.lead.email]]
    assert "Nordmann" not in mail.outbox[0].body
    lead = page_for(world.lead)
    expect(lead.locator("main")).to_contain_text("Ola Nordmann")  # the inbox: cases not yet on an agenda
    shot(lead, screenshot_dir, "10-min-side-leder.png")

    # 3. From the case page, in one step: on the next meeting, with the teacher as preparer.
    lead.goto(f"{url}/saker/{case.pk}/")
    expect(lead.locator("#id_put_meeting")).to_have_value(str(meeting.pk))
    lead.select_option("#id_put_preparer", label="Lise Lærer")
    shot(lead, screenshot_dir, "11-sak-sett-pa-mote.png")
    lead.get_by_role("button", name="Sett på møtet").click()
    lead.wait_for_url(re.compile(rf"{re.escape(url)}/moter/{meeting.pk}/"))
    expect(lead.locator("#del-2")).to_contain_text("Lise Lærer")
    item = AgendaItem.objects.get(case=case)
    assert item.preparer_id == world.teacher.pk
    shot(lead, screenshot_dir, "12-saksliste.png")

    # 4. The teacher is invited: Min side shows the meeting, the meeting shows their item only.
    teacher.goto(f"{url}/")
    expect(teacher.locator("main")).to_contain_text("Møter du er invitert til")
    teacher.get_by_role("link", name="Ressursteammøte").first.click()
    teacher.wait_for_url(f"{url}/moter/{meeting.pk}/")
    expect(teacher.locator(f"#punkt-{item.pk}")).to_be_visible()  # their item, labelled as the policy says
    expect(teacher.locator("main")).not_to_contain_text("Uro i overgangene")
    shot(teacher, screenshot_dir, "13-laerer-punkt.png")

    # 5. And on the attendance list, with why.
    lead.goto(f"{url}/moter/{meeting.pk}/oppmote/")
    expect(lead.locator("main")).to_contain_text(f"Invitert til sak {case.number}")
    shot(lead, screenshot_dir, "14-oppmote-roller.png")
