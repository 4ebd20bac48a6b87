"""Smoke test of the production profile (issue "A municipality can start using Laget on Monday",
"How it is shown"): `make serve` against PostgreSQL — gunicorn, the worker and the scheduler from
an environment file — and an SMTP server with STARTTLS and AUTH started here.

In the browser a contact teacher logs in with Feide (a certified OpenID Connect provider started by
the tests, tests/oidc_provider.py) and files a referral; the lead logs in with password and
authenticator code, puts it on a meeting and sends the invitation; the worker delivers it over TLS to the
test's SMTP server, and the test reads the message there. Along the way: the probes, JSON logs
with the request id, hashed static file names, the Norwegian 404 page, and the scheduler queueing
the nightly jobs that the worker then runs.

PostgreSQL only (production's database; `make serve` refuses SQLite). The server speaks TLS itself
(GUNICORN_CERTFILE) so every production security setting stays on, HTTPS redirect and Secure
cookies included.
"""

import datetime
import email
import email.policy
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from laget.accounts.services import feide_link_set
from laget.cases.models import Referral
from laget.meetings.models import Meeting
from laget.operations.models import ScheduledRun

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the production profile runs on PostgreSQL only (DATABASE_URL); CI runs it on its PostgreSQL leg",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
SMTP_USER, SMTP_PASSWORD = "laget@kommune.example", "smtp-secret-for-the-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """The SMTP server's mailbox: every message with how it arrived."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                {
                    "tls": session.ssl is not None,
                    "authenticated": session.authenticated,
                    "to": list(envelope.rcpt_tos),
                    "message": email.message_from_bytes(envelope.original_content, policy=email.policy.default),
                }
            )
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok)


@pytest.fixture
def tls(tmp_path):
    """A certificate authority made now, and a certificate for this host from it."""
    ca = trustme.CA()
    cert = ca.issue_cert("localhost", "127.0.0.1")
    paths = {"ca": tmp_path / "ca.pem", "cert": tmp_path / "cert.pem", "key": tmp_path / "key.pem"}
    ca.cert_pem.write_to_path(str(paths["ca"]))
    paths["cert"].write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    cert.private_key_pem.write_to_path(str(paths["key"]))
    return ca, cert, paths


@pytest.fixture
def smtp_server(tls):
    _ca, cert, _paths = tls
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,  # refuses MAIL before STARTTLS: a delivery proves TLS
        authenticator=authenticate,
        auth_required=True,
    )
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def feide(oidc_provider, port):
    """The OpenID Connect provider, with this server's callback as the client's redirect URI."""
    return oidc_provider(redirect_uris=[f"https://127.0.0.1:{port}/logg-inn/feide/tilbake/"])


@pytest.fixture
def production_server(world, tls, smtp_server, feide, port, tmp_path):
    """`make serve` with an environment file written here; stopped (the whole group) afterwards."""
    _ca, _cert, paths = tls
    controller, _inbox = smtp_server
    s = connection.settings_dict  # pytest-django's fresh PostgreSQL test database
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    database_url = f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env_file = tmp_path / "laget.env"
    env_file.write_text(
        "\n".join(
            [
                "SECRET_KEY=smoke-test-secret-key-that-is-long-enough-for-check-deploy-0123456789abcdef",
                f"DATABASE_URL={database_url}",
                "ALLOWED_HOSTS=127.0.0.1",
                f"SITE_URL=https://127.0.0.1:{port}",
                f"LAGET_BIND=127.0.0.1:{port}",
                f"GUNICORN_CERTFILE={paths['cert']}",
                f"GUNICORN_KEYFILE={paths['key']}",
                f"MEDIA_ROOT={tmp_path / 'media'}",
                f"ARCHIVE_ROOT={tmp_path / 'archive'}",
                f"STATIC_ROOT={tmp_path / 'static'}",
                "EMAIL_HOST=localhost",
                f"EMAIL_PORT={controller.port}",
                "EMAIL_SECURITY=starttls",
                f"EMAIL_HOST_USER={SMTP_USER}",
                f"EMAIL_HOST_PASSWORD={SMTP_PASSWORD}",
                "EMAIL_TIMEOUT=10",
                'DEFAULT_FROM_EMAIL="Laget <laget@kommune.example>"',
                # The SMTP server's certificate is verified against the test's own authority.
                f"SSL_CERT_FILE={paths['ca']}",
                "SCHEDULER_TICK_SECONDS=2",
                "LOG_LEVEL=INFO",
                *(f"{name}={value}" for name, value in feide.env().items()),
            ]
        )
        + "\n"
    )
    log_path = tmp_path / "serve.log"
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(tmp_path)), "LAGET_ENV_FILE": str(env_file)}
    log = log_path.open("w")
    process = subprocess.Popen(
        # `make serve` without its `install` prerequisite: the packages are in place (make test installed
        # them) and a reinstall would replace the shared node_modules of a developer's worktree.
        ["make", "--no-print-directory", "--old-file=install", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: make, the script, gunicorn, worker, scheduler
    )
    base = f"https://127.0.0.1:{port}"
    context = ssl.create_default_context(cafile=str(paths["ca"]))
    try:
        deadline = time.monotonic() + 300  # migrate is a no-op; collectstatic compresses every file
        while True:
            assert process.poll() is None, f"make serve exited:\n{log_path.read_text()[-4000:]}"
            try:
                with urllib.request.urlopen(f"{base}/readyz", context=context, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert time.monotonic() < deadline, f"not ready in time:\n{log_path.read_text()[-4000:]}"
            time.sleep(1)
        yield {"url": base, "context": context, "log": log_path}
    finally:
        print(log_path.read_text()[-8000:])  # shown by pytest when the test fails
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def fetch(server, path, **headers):
    request = urllib.request.Request(server["url"] + path, headers=headers)  # noqa: S310 - our https server
    try:
        return urllib.request.urlopen(request, context=server["context"], timeout=10)  # noqa: S310
    except urllib.error.HTTPError as error:
        return error


def log_in(browser, server, user, totp_code):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO", ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(60_000)  # a loaded CI machine; the first page also fetches every static file
    # The tests hash passwords with MD5 for speed; the production server accepts Argon2 only.
    hasher = Argon2PasswordHasher()
    user.password = hasher.encode("test-password-123", hasher.salt())
    user.save(update_fields=["password"])
    device = TOTPDevice.objects.create(user=user, name="smoke", confirmed=True)
    page.goto(f"{server['url']}/logg-inn/", wait_until="domcontentloaded")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/konto/tofaktor/**")
    page.fill("#id_code", totp_code(device))
    page.get_by_role("button", name="Bekreft", exact=True).click()
    page.wait_for_url(f"{server['url']}/")
    return page


def log_in_with_feide(browser, server, op, login):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO", ignore_https_errors=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    account = op.account(login)
    page.goto(f"{server['url']}/logg-inn/", wait_until="domcontentloaded")
    page.get_by_role("link", name="Logg inn med Feide").click()
    page.wait_for_url(f"{op.issuer}/**")
    page.fill("#login", account.login)
    page.fill("#password", account.password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server['url']}/")  # Feide's multi-factor level: no second factor in Laget
    return page


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.django_db(transaction=True)
def test_make_serve_delivers_the_invitation_over_tls(
    world, browser, production_server, smtp_server, feide, screenshot_dir, totp_code
):
    server = production_server
    _controller, inbox = smtp_server
    url = server["url"]

    # Probes and pages of the production profile, as a monitor and a visitor see them.
    assert fetch(server, "/healthz", Host="localhost").status == 200  # answered before the host check
    login_page = fetch(server, "/logg-inn/")
    request_id = login_page.headers["X-Request-ID"]
    html = login_page.read().decode()
    assert re.search(r"/static/laget/laget\.[0-9a-f]{12}\.css", html), "static files are not from the manifest"
    assert "Strict-Transport-Security" in login_page.headers
    missing = fetch(server, "/finnes-ikke/")
    assert missing.status == 404
    assert "Vi fant ikke siden" in missing.read().decode()

    # 1. The contact teacher logs in with Feide and files a referral.
    feide_link_set(user=world.teacher, feide_userid=feide.account("mfa").feide_userid)
    teacher = log_in_with_feide(browser, server, feide, "mfa")
    teacher.goto(f"{url}/meldinger/ny/")
    value = teacher.locator("#id_student option", has_text="Ola Nordmann").first.get_attribute("value")
    teacher.select_option("#id_student", value=value)
    teacher.fill("#id_first_concern_date", (timezone.localdate() - datetime.timedelta(days=30)).isoformat())
    teacher.get_by_label("Lesevansker").check()
    teacher.fill("#id_social_description", "Trekker seg unna i friminuttene.")
    teacher.fill("#id_working_methods", "Mye tavleundervisning.")
    teacher.fill("#id_mapping_results", "Under bekymringsgrensen i lesing.")
    teacher.fill("#id_strengths", "God i matematikk.")
    teacher.fill("#id_learning_environment", "Klassen er urolig etter storefri.")
    teacher.get_by_role("button", name="Send til ressursteamet").click()
    teacher.wait_for_url(re.compile(rf"{re.escape(url)}/saker/\d+/$"))
    expect(teacher.get_by_text("Meldingen er sendt til ressursteamet.")).to_be_visible()
    referral = Referral.objects.get(student=world.student)
    assert referral.status == Referral.Status.SUBMITTED

    # 2. The lead creates a meeting, puts the case on the agenda and sends the invitation.
    lead = log_in(browser, server, world.lead, totp_code)
    lead.goto(f"{url}/moter/nytt/")
    lead.fill("#id_date", (timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    lead.fill("#id_time", "13:00")
    lead.fill("#id_duration_minutes", "90")
    lead.get_by_role("button", name="Opprett møte").click()
    lead.wait_for_url(re.compile(rf"{re.escape(url)}/moter/\d+/$"))
    meeting = Meeting.objects.get(team=world.team)
    lead.locator("summary", has_text="Legg til punkt på sakslisten").click()
    lead.select_option("#id_part", value="2")
    lead.select_option("#id_case", value=str(referral.case_id))
    lead.fill("#id_minutes", "25")
    lead.get_by_role("button", name="Legg til", exact=True).click()
    # The same page comes back: wait for the item itself, or the invitation may go out before it.
    expect(lead.locator("#del-2")).to_contain_text("Ola Nordmann")  # the lead may know; the e-mail may not
    assert meeting.items.filter(case_id=referral.case_id).exists()
    lead.get_by_role("button", name="Send innkalling").click()
    expect(lead.get_by_text("Innkallingen sendes nå til teamet.")).to_be_visible()
    lead.screenshot(path=str(screenshot_dir / "production-invitation-sent.png"), full_page=True)

    # 3. The worker delivers it over TLS, authenticated, to the test's SMTP server.
    # The team, and the teacher who referred the case (invited to their item since the routine work).
    # (The lead's notice of the new referral came earlier through the same server; it is not an invitation.)
    team = sorted(u.email for u in (world.lead, world.member, world.nurse, world.teacher))

    def invitations():
        return [
            m
            for m in inbox.messages
            if any(part.get_filename() == "innkalling.ics" for part in m["message"].iter_attachments())
        ]

    assert wait_for(lambda: len({a for m in invitations() for a in m["to"]}) >= len(team), timeout=60), inbox.messages
    assert sorted({addr for m in invitations() for addr in m["to"]}) == team
    for delivered in invitations():
        assert delivered["tls"]
        assert delivered["authenticated"]
        message = delivered["message"]
        assert message["From"] == "Laget <laget@kommune.example>"
        body = message.get_body(preferencelist=("plain",)).get_content()
        # The lead and the referring teacher know the student anyway (the disclosure policy).
        if delivered["to"] not in ([world.lead.email], [world.teacher.email]):
            assert "Anonym sak" in body  # no consent recorded: the invitation does not name the student
            assert "Nordmann" not in message.as_string()
        assert any(part.get_filename() == "innkalling.ics" for part in message.iter_attachments())

    # 4. The scheduler queued the nightly jobs at start, and the worker ran them.
    jobs = {"retention", "audit_verify", "prune_finished_tasks"}

    def nightly_done():
        runs = list(ScheduledRun.objects.values_list("job", "task_id"))
        if {job for job, _ in runs} != jobs:
            return False
        statuses = set(DBTaskResult.objects.filter(pk__in=[t for _, t in runs]).values_list("status", flat=True))
        return statuses == {"SUCCESSFUL"}

    assert wait_for(nightly_done, timeout=60), list(ScheduledRun.objects.values())

    # 5. The logs are JSON lines, and the request's line carries the id its response returned.
    lines = []
    for raw in server["log"].read_text().splitlines():
        if raw.startswith("{"):
            lines.append(json.loads(raw))
    request_lines = [line for line in lines if line.get("logger") == "laget.operations.request"]
    assert any(line["request_id"] == request_id and line["path"] == "/logg-inn/" for line in request_lines)
    assert all("Nordmann" not in json.dumps(line) for line in lines)
