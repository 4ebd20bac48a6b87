"""WCAG 2.1 AA in the browser: the main pages at a phone (320 CSS px), a tablet (820) and a desktop
(1366) — no page-level sideways scrolling, axe-core finds nothing — and the keyboard behaviour axe
cannot see: focus on the error summary after a failed submit, the Mer menu closing with Esc.

`make screenshots` keeps the PNGs (LAGET_SCREENSHOTS=screenshots)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from laget.meetings import services as meetings
from laget.meetings.models import AgendaItem
from laget.organisations.access import Access

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (320, 820, 1366)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _main_pages(world, case_factory):
    case = case_factory(consent=True)
    case_factory(student=world.student2)
    starts = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=7), datetime.time(12))
    )
    access = Access(world.lead)
    meeting = meetings.meeting_create(access=access, team=world.team, starts_at=starts)
    meetings.agenda_item_add(access=access, meeting=meeting, part=AgendaItem.Part.INDIVIDUAL, case=case, minutes=20)
    meetings.agenda_item_add(
        access=access, meeting=meeting, part=AgendaItem.Part.SYSTEM, title="Arbeidsro i 6. trinn", minutes=30
    )
    return {
        "min-side": "/",
        "saker": "/saker/",
        "sak": f"/saker/{case.pk}/",
        "ny-tiltaksplan": f"/saker/{case.pk}/tiltaksplan/ny/",
        "moter": "/moter/",
        "mote": f"/moter/{meeting.pk}/",
        "referat": f"/moter/{meeting.pk}/referat/",
        "fravaer": "/fravaer/",
        "elever": "/elever/",
        "nokkeltall": "/nokkeltall/",
        "frister": "/frister/",
        "ny-melding": "/meldinger/ny/",
    }


def _axe_violations(page) -> list[str]:
    # Evaluated through the DevTools protocol, which the page's CSP (rightly) does not stop; a script
    # tag would be refused, as any injected script is.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


@pytest.mark.django_db(transaction=True)
def test_main_pages_reflow_and_pass_axe_at_three_widths(world, case_factory, page_for, live_server, screenshot_dir):
    pages = _main_pages(world, case_factory)
    page = page_for(world.lead)
    problems = []
    checked = 0
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert page.locator("h1").count() >= 1, f"{path} has no h1"
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{width}px {path}: the page scrolls sideways ({scroll_width}px)")
            if width != 820:  # axe at the phone and the desktop layout
                problems += [f"{width}px {path}: {v}" for v in _axe_violations(page)]
            page.screenshot(path=str(screenshot_dir / f"{width}-{name}.png"), full_page=True)
            checked += 1
    assert checked == len(WIDTHS) * len(pages)
    assert problems == []


@pytest.mark.django_db(transaction=True)
def test_axe_is_not_blind(world, page_for, live_server):
    """The check above can fail: an image without a text alternative is reported."""
    page = page_for(world.lead)
    page.goto(f"{live_server.url}/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert any(v.startswith("image-alt") for v in _axe_violations(page))


@pytest.mark.django_db(transaction=True)
def test_focus_lands_on_the_error_summary_after_a_failed_submit(world, page_for, live_server):
    page = page_for(world.teacher)
    page.goto(f"{live_server.url}/meldinger/ny/")
    page.get_by_role("button", name="Send til ressursteamet").click()
    page.wait_for_load_state()
    assert page.locator(".ds-error-summary").count() == 1
    assert page.evaluate("document.activeElement.classList.contains('ds-error-summary')")
    # The summary's links lead to the fields, by keyboard.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.ds-error-summary') !== null")


@pytest.mark.django_db(transaction=True)
def test_the_more_menu_closes_with_escape(world, page_for, live_server):
    page = page_for(world.lead)
    page.goto(f"{live_server.url}/")
    summary = page.locator(".laget-more summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".laget-more details[open]").count() == 1
    page.keyboard.press("Escape")
    assert page.locator(".laget-more details[open]").count() == 0
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
