"""One loop in nynorsk and one in English, through the real pages: the footer's choice, a referral
filed and received, dates typed the Norwegian way in an English page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from laget.cases.models import Case, Referral

pytestmark = pytest.mark.browser


def choose_language(page, code):
    page.select_option("#laget-language", value=code)
    page.locator("footer").get_by_role("button").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_a_teacher_refers_in_nynorsk_and_the_lead_reads_it_in_english(world, page_for, live_server, screenshot_dir):
    url = live_server.url
    first_concern = timezone.localdate() - datetime.timedelta(days=20)

    teacher = page_for(world.teacher)
    choose_language(teacher, "nn")
    expect(teacher.locator("html")).to_have_attribute("lang", "nn")
    expect(teacher.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Mi side")).to_be_visible()
    teacher.get_by_role("navigation", name="Hovudmeny").get_by_role("link", name="Meldingar").click()
    teacher.get_by_role("link", name="Ny melding (elev)").click()
    teacher.wait_for_url(f"{url}/meldinger/ny/")
    expect(teacher.get_by_text("Namnet på eleven")).to_be_visible()
    expect(teacher.get_by_text("(dd.mm.åååå)").first).to_be_visible()
    option = teacher.locator("#id_student option", has_text="Ola Nordmann").first.get_attribute("value")
    teacher.select_option("#id_student", value=option)
    teacher.fill("#id_first_concern_date", first_concern.strftime("%d.%m.%Y"))
    teacher.get_by_label("Lesevanskar").check()
    teacher.fill("#id_strengths", "Flink i matematikk.")
    teacher.screenshot(path=str(screenshot_dir / "nn-melding.png"), full_page=True)
    teacher.get_by_role("button", name="Send til ressursteamet").click()
    teacher.wait_for_url(re.compile(rf"{re.escape(url)}/saker/\d+/$"))
    expect(teacher.get_by_text("Meldinga er send til ressursteamet.")).to_be_visible()
    referral = Referral.objects.get(student=world.student)
    case = Case.objects.get(pk=referral.case_id)
    assert case.first_concern_date == first_concern  # typed dd.mm.åååå, stored as the date it is

    lead = page_for(world.lead)
    choose_language(lead, "en")
    expect(lead.locator("html")).to_have_attribute("lang", "en")
    lead.get_by_role("navigation", name="Main menu").get_by_role("link", name="Cases").click()
    lead.wait_for_url(f"{url}/saker/")
    lead.locator(f"a[href='/saker/{case.pk}/']").first.click()
    lead.wait_for_url(f"{url}/saker/{case.pk}/")
    expect(lead.get_by_role("heading", name="About the case")).to_be_visible()
    expect(lead.get_by_text(first_concern.strftime("%d.%m.%Y")).first).to_be_visible()  # not US order
    expect(lead.get_by_text("Reading difficulties")).to_be_visible()
    lead.screenshot(path=str(screenshot_dir / "en-sak.png"), full_page=True)
    assert "Meldinger" not in lead.locator("nav").first.inner_text()
