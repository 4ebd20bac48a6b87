"""Feide login end to end in the browser against a real, certified OpenID Connect provider on loopback
(panva's oidc-provider, tests/oidc_provider.mjs): Laget's login page → the provider's login page →
back to Laget, as staff do with Feide."""

from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
from conftest import current_totp_code
from django_otp.plugins.otp_totp.models import TOTPDevice

from laget.accounts.models import FeideLink
from laget.accounts.services import feide_link_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALLBACK = "/logg-inn/feide/tilbake/"


@pytest.fixture
def feide(oidc_provider, live_server, settings):
    """A provider whose client's redirect URI is this live server's callback, and Laget configured for it."""
    op = oidc_provider(redirect_uris=[f"{live_server.url}{CALLBACK}"])
    settings.SITE_URL = live_server.url
    settings.FEIDE_DISCOVERY_URL = op.discovery_url
    settings.FEIDE_CLIENT_ID = op.client_id
    settings.FEIDE_CLIENT_SECRET = op.client_secret
    return op


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in_at_provider(page, live_server, op, login):
    """From Laget's login page through the Feide button to the provider's login form, and submit it."""
    account = op.account(login)
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_role("link", name="Logg inn med Feide").click()
    page.wait_for_url(f"{op.issuer}/**")
    page.fill("#login", account.login)
    page.fill("#password", account.password)
    page.click("button[type=submit]")


def test_feide_login_with_feides_multi_factor_skips_totp(world, feide, live_server, new_page, screenshot_dir):
    feide_link_set(user=world.lead, feide_userid="Mona@Skole.test")
    page = new_page()
    sign_in_at_provider(page, live_server, feide, "mfa")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Min side"
    assert "/konto/tofaktor/" not in page.url
    page.screenshot(path=str(screenshot_dir / "feide-min-side.png"), full_page=True)
    link = FeideLink.objects.get(user=world.lead)
    assert link.sub == feide.account("mfa").sub  # bound at the first login
    assert link.linked_at is not None


def test_feide_button_hidden_when_feide_is_not_configured(live_server, new_page, settings, db):
    settings.FEIDE_DISCOVERY_URL = settings.FEIDE_CLIENT_ID = settings.FEIDE_CLIENT_SECRET = ""
    page = new_page()
    page.goto(f"{live_server.url}/logg-inn/")
    assert page.get_by_role("link", name="Logg inn med Feide").count() == 0
    assert page.get_by_role("button", name="Logg inn").count() == 1


def test_feide_login_without_multi_factor_asks_for_lagets_totp(world, feide, live_server, new_page):
    feide_link_set(user=world.member, feide_userid="per@skole.test")
    device = TOTPDevice.objects.create(user=world.member, name="Telefon", confirmed=True)
    page = new_page()
    sign_in_at_provider(page, live_server, feide, "passord")
    page.wait_for_url("**/konto/tofaktor/**")
    assert page.get_by_role("navigation", name="Hovedmeny").count() == 0
    page.goto(f"{live_server.url}/saker/")  # nothing behind the second factor yet
    page.wait_for_url("**/konto/tofaktor/**")
    page.fill("#id_code", current_totp_code(device))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    page.wait_for_url(f"{live_server.url}/saker/")
    assert page.get_by_role("navigation", name="Hovedmeny").count() == 1


def with_query(url, **changes):
    parts = urlparse(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunparse(parts._replace(query=urlencode(query)))


def assert_not_signed_in(page, live_server):
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/logg-inn/**")


def test_wrong_state_is_refused(world, feide, live_server, new_page):
    """The provider answers a login whose state this browser never started (an injected code)."""
    feide_link_set(user=world.lead, feide_userid="mona@skole.test")
    page = new_page()
    authorize = []
    page.on("request", lambda request: authorize.append(request.url) if "/auth?" in request.url else None)
    page.goto(f"{live_server.url}/logg-inn/feide/")
    page.wait_for_url(f"{feide.issuer}/**")
    page.goto(with_query(authorize[0], state="forfalsket-state"))
    account = feide.account("mfa")
    page.fill("#login", account.login)
    page.fill("#password", account.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{CALLBACK}**")
    assert "state=forfalsket-state" in page.url
    assert "svaret fra Feide hører ikke til en innlogging som ble startet i denne nettleseren" in page.content()
    assert_not_signed_in(page, live_server)
    assert FeideLink.objects.get(user=world.lead).sub is None


def test_replayed_authorization_code_is_refused(world, feide, live_server, new_page):
    feide_link_set(user=world.lead, feide_userid="mona@skole.test")
    page = new_page()
    urls = []
    page.on("request", lambda request: urls.append(request.url) if CALLBACK in request.url else None)
    sign_in_at_provider(page, live_server, feide, "mfa")
    page.wait_for_url(f"{live_server.url}/")
    callback_url = urls[0]

    # 1. The same callback again, in another browser (a leaked URL): its state belongs to no login there.
    other = new_page()
    response = other.goto(callback_url)
    assert response.status == 400
    assert_not_signed_in(other, live_server)

    # 2. The same code with a fresh, valid state of that browser: the provider refuses the used code.
    authorize = []
    other.on("request", lambda request: authorize.append(request.url) if "/auth?" in request.url else None)
    other.goto(f"{live_server.url}/logg-inn/feide/")
    other.wait_for_url(f"{feide.issuer}/**")
    fresh_state = parse_qs(urlparse(authorize[0]).query)["state"][0]
    response = other.goto(with_query(callback_url, state=fresh_state))
    assert response.status == 400
    assert "innloggingskoden fra Feide er brukt før eller utløpt" in other.content()
    assert_not_signed_in(other, live_server)


def test_expired_id_token_is_refused(world, feide, live_server, new_page, settings):
    settings.FEIDE_CLOCK_SKEW_SECONDS = 0
    feide_link_set(user=world.lead, feide_userid="ulla@skole.test")
    page = new_page()
    sign_in_at_provider(page, live_server, feide, "utlopt")  # its ID token lives one second
    page.wait_for_url(f"{live_server.url}{CALLBACK}**")
    assert "Innloggingen fra Feide var utløpt da den kom fram" in page.content()
    assert_not_signed_in(page, live_server)
    assert FeideLink.objects.get(user=world.lead).sub is None  # nothing was bound


def test_unknown_feide_user_gets_a_norwegian_message_and_no_access(world, feide, live_server, new_page, screenshot_dir):
    page = new_page()
    page.goto(f"{live_server.url}/logg-inn/")
    page.screenshot(path=str(screenshot_dir / "innlogging-med-feide.png"), full_page=True)
    sign_in_at_provider(page, live_server, feide, "ukjent")
    page.wait_for_url(f"{live_server.url}{CALLBACK}**")
    page.screenshot(path=str(screenshot_dir / "feide-ukjent-bruker.png"), full_page=True)
    text = page.locator("main").inner_text()
    assert "Feide-brukeren din er ikke knyttet til en bruker i Laget" in text
    assert "ukjent@annen.test" in text
    assert page.get_by_role("navigation", name="Hovedmeny").count() == 0
    assert_not_signed_in(page, live_server)
    assert not FeideLink.objects.filter(sub=feide.account("ukjent").sub).exists()


def test_a_feide_user_without_password_confirms_with_feide_before_changing_email(world, feide, live_server, new_page):
    """Password again before changing e-mail or 2FA: a Feide-only user confirms with a fresh Feide login."""
    world.lead.set_unusable_password()
    world.lead.save()
    feide_link_set(user=world.lead, feide_userid="mona@skole.test")
    page = new_page()
    sign_in_at_provider(page, live_server, feide, "mfa")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/konto/e-post/")
    page.wait_for_url("**/konto/bekreft-passord/**")
    assert page.get_by_label("Passord").count() == 0  # no password of their own to type
    page.get_by_role("link", name="Bekreft med Feide").click()
    page.wait_for_url(f"{feide.issuer}/**")  # prompt=login: Feide asks again, although it has a session
    account = feide.account("mfa")
    page.fill("#login", account.login)
    page.fill("#password", account.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/konto/e-post/")
    page.fill("#id_email", "mona.ny@skole.test")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(f"{live_server.url}/konto/")
    world.lead.refresh_from_db()
    assert world.lead.email == "mona.ny@skole.test"


def test_confirming_with_another_feide_user_changes_nothing(world, feide, live_server, new_page):
    world.lead.set_unusable_password()
    world.lead.save()
    feide_link_set(user=world.lead, feide_userid="mona@skole.test")
    feide_link_set(user=world.member, feide_userid="per@skole.test")
    page = new_page()
    sign_in_at_provider(page, live_server, feide, "mfa")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/konto/bekreft-passord/?next=/konto/e-post/")
    page.get_by_role("link", name="Bekreft med Feide").click()
    page.wait_for_url(f"{feide.issuer}/**")
    other = feide.account("passord")  # Per, another staff member bound to Feide
    page.fill("#login", other.login)
    page.fill("#password", other.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{CALLBACK}**")
    assert "Du bekreftet med en annen Feide-bruker enn den du er logget inn med" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/konto/e-post/")
    page.wait_for_url("**/konto/bekreft-passord/**")  # still not confirmed
    page.goto(f"{live_server.url}/konto/")
    assert world.lead.get_full_name() in page.locator("header").inner_text()  # still signed in as themselves
