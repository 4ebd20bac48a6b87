import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_user_logs_in_and_sees_my_page(world, page_for, screenshot_dir):
    page = page_for(world.lead)
    assert page.locator("h1").inner_text() == "Min side"
    page.screenshot(path=str(screenshot_dir / "min-side.png"), full_page=True)
