"""Browser tests: Playwright (Python) driving the system Chromium against a live server.

Skipped, with a plain message, when /usr/bin/chromium is missing — unless LAGET_REQUIRE_BROWSER=1
(CI), where a missing browser fails the run instead.
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
    if chromium_available():
        return
    if os.environ.get("LAGET_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            f"Browser tests required but Chromium is missing at {CHROMIUM} (apt-get install chromium)"
        )
    skip = pytest.mark.skip(reason="BROWSER TESTS SKIPPED: Chromium not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    target = os.environ.get("LAGET_SCREENSHOTS")
    path = Path(target) if target else tmp_path / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def current_totp_code(device) -> str:
    """A code the device will accept now: past its last used time step (no replay), waiting if need be."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t(), device.last_t + 1)
    while step > totp.t() + device.tolerance:
        time.sleep(1)
        totp.time = time.time()
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def totp_code():
    """current_totp_code, for a test that logs in to a server of its own (tests/browser/test_production_smoke.py)."""
    return current_totp_code


@pytest.fixture
def page_for(browser, live_server):
    """page_for(user) -> a logged-in Playwright page for that user (password from tests/conftest.py).

    Goes through the real second factor: the user gets a TOTP device and the page types a current code."""
    contexts = []

    def make(user, password="test-password-123"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        page.goto(f"{live_server.url}/logg-inn/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/konto/tofaktor/**")
        page.fill("#id_code", current_totp_code(device))
        page.get_by_role("button", name="Bekreft", exact=True).click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield make
    for context in contexts:
        context.close()
