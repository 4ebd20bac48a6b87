"""The routine through the real UI: the lead loads a preset on /rutiner/, renames a referral
category and shortens the meeting; the referral form and the team's cadence follow at once."""

import pytest
from playwright.sync_api import expect

from laget.routines.selectors import routine_for_school

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_lead_loads_a_preset_and_a_renamed_category_reaches_the_referral_form(world, page_for, live_server):
    url = live_server.url
    page = page_for(world.lead)
    page.goto(f"{url}/rutiner/")
    expect(page.get_by_text("Skolen har ingen rutine ennå")).to_be_visible()
    page.locator("#id_preset").select_option("hustadvika_barneskole")
    page.get_by_role("button", name="Bruk malen").click()
    expect(page.get_by_role("heading", name="Ressursteam i Hustadvikaskolen – barneskole – versjon 1")).to_be_visible()

    page.get_by_role("link", name="Endre innstillinger").click()
    categories = page.locator("#id_referral_categories")
    categories.fill(categories.input_value().replace("urolig|Urolig", "urolig|Uro i timene"))
    page.locator("#id_meeting_minutes").fill("75")
    page.locator("#id_system_minutes").fill("30")
    page.get_by_role("button", name="Lagre ny versjon").click()
    expect(page.get_by_text("Ny versjon 2 er lagret.")).to_be_visible()
    expect(page.get_by_role("heading", name="Endret fra versjon 1 til 2")).to_be_visible()

    page.goto(f"{url}/meldinger/ny/")
    expect(page.get_by_label("Uro i timene")).to_be_visible()
    expect(page.get_by_label("Urolig", exact=True)).to_have_count(0)
    world.team.refresh_from_db()
    assert (world.team.meeting_minutes, world.team.system_minutes) == (75, 30)
    assert routine_for_school(world.school).number == 2
