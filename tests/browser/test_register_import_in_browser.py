"""Import from the student register through the real UI: the lead uploads the example file →
the preview lists what will be created and marked as left (a protected guardian's contact details
hidden) → confirm → the students are in the list. Then a file with a bad row: its line is named
and nothing changes."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from laget.students.models import Student

pytestmark = pytest.mark.browser
EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "elevimport.csv"


@pytest.mark.django_db(transaction=True)
def test_upload_preview_confirm_and_students_are_visible(world, page_for, live_server, screenshot_dir, tmp_path):
    url = live_server.url
    page = page_for(world.lead)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Elever").click()
    page.get_by_role("link", name="Importer fra elevregisteret").click()
    page.wait_for_url(f"{url}/elever/import/")
    page.set_input_files("#id_file", str(EXAMPLE))
    page.get_by_role("button", name="Vis forhåndsvisning").click()

    page.wait_for_url(re.compile(rf"{re.escape(url)}/elever/import/\d+/$"))
    expect(page.get_by_role("heading", name="Forhåndsvisning av import")).to_be_visible()
    expect(page.locator('[data-count="created"]')).to_have_text("4")
    expect(page.locator('[data-count="left"]')).to_have_text("2")  # the fixture's two typed-in students
    expect(page.get_by_text("Solheim, Emma")).to_be_visible()
    expect(page.get_by_text("Ida Berg (Mor)")).to_be_visible()
    expect(page.get_by_text("Fortrolig adresse: kontaktopplysningene vises ikke for deg.")).to_be_visible()
    assert "48765432" not in page.content()  # the protected guardian's phone
    assert not Student.objects.filter(first_name="Emma").exists()  # nothing stored before confirming
    page.screenshot(path=str(screenshot_dir / "elevimport-01-forhandsvisning.png"), full_page=True)

    page.get_by_role("button", name="Importer nå").click()

    page.wait_for_url(f"{url}/elever/")
    expect(page.get_by_text("Importert: 4 nye elever")).to_be_visible()
    expect(page.get_by_role("link", name="Solheim, Emma")).to_be_visible()
    expect(page.get_by_role("link", name="Haugen, Aksel")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Sluttet \d\d\.\d\d\.\d{4}")).first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "elevimport-02-elevliste.png"), full_page=True)

    bad = tmp_path / "feil.csv"
    text = EXAMPLE.read_text(encoding="utf-8").replace("14.03.2015", "31.02.2015", 1)
    bad.write_text(text, encoding="utf-8")
    page.get_by_role("link", name="Importer fra elevregisteret").click()
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Vis forhåndsvisning").click()

    expect(page.get_by_text("Ingenting er importert")).to_be_visible()
    expect(page.get_by_role("cell", name="2", exact=True)).to_be_visible()
    expect(page.get_by_text("Ugyldig fødselsdato «31.02.2015»")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "elevimport-03-feil.png"), full_page=True)
    assert Student.objects.filter(first_name="Emma").count() == 1
