"""The main list pages at a tablet viewport: each has a heading and nothing scrolls sideways.

Run with LAGET_SCREENSHOTS=/some/dir to keep the PNGs for a look."""

import pytest

pytestmark = pytest.mark.browser


PAGES = [
    ("/", "tablet-min-side.png"),
    ("/meldinger/", "tablet-meldinger.png"),
    ("/saker/", "tablet-saker.png"),
    ("/moter/", "tablet-moter.png"),
    ("/elever/", "tablet-elever.png"),
]


@pytest.mark.django_db(transaction=True)
def test_main_pages_fit_a_tablet(world, case_factory, page_for, live_server, screenshot_dir):
    case_factory(consent=True)
    case_factory(student=world.student2)
    page = page_for(world.lead)
    page.set_viewport_size({"width": 768, "height": 1024})
    overflowing = []
    for path, name in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() >= 1, f"{path} has no h1"
        assert page.locator("h1").first.inner_text().strip(), f"{path} has an empty h1"
        page.screenshot(path=str(screenshot_dir / name), full_page=True)
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            overflowing.append(f"{path}: {scroll_width}px > {inner_width}px")
    assert not overflowing, "Horizontal overflow at 768px: " + "; ".join(overflowing)
