"""The canary contract (issue "One disclosure policy"): no child named where consent does not reach.

The world (canary_world.py) fills every free-text field, title and file name of an anonymous case
with the names of the student and her guardians, plants a restricted health note and protected
addresses, and gives two other students consent for the team plus child welfare (B) or PPT (C).
Then every output of the project is produced for every viewer:

- every URL pattern the resolver knows (the rows of tests/security/permission_table.py, so a new URL
  without a row fails here as well as in the permission matrix), as each of the nine viewers, GET —
  or the row's POST when the view takes no GET; PDF views render their template here (same context),
  and the real PDFs are made and read back with pypdf for the viewers that must not see the names;
- every e-mail, sent by the real task through Django's locmem backend, with its .ics attachment;
- every viewer's private calendar feed.

A canary found where `canary_world.KNOWS` says the viewer may not know the case is a leak. Every leak
main still has is listed in canary_known_leaks.py, one line each; the test fails on a leak not in
that list AND on a listed leak that no longer leaks (remove its line). Positive checks make sure the
names do appear where the policy says they may — the walk cannot pass by showing nothing.

The world is built and walked once per module inside a transaction that is rolled back; each request
runs in its own savepoint, so a POST or a GET that writes cannot change what the next viewer sees.
"""

import io
import json
import logging
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from canary_known_leaks import KNOWN_LEAKS
from canary_world import ARCHIVE, KNOWS, ROLES, allowed_sets, build, canaries_in
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client, TestCase
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))
from permission_table import TABLE, kwarg_value, url_names

import laget
from laget.documents import pdf as pdf_module

# The walk runs once, in the module fixture; the mark makes pytest-django create the test database.
pytestmark = pytest.mark.django_db

# Outputs of case B's and C's own pages, walked as well, so the named cases are checked on the pages
# that name them (and protected_B has a page where the office may see it).
EXTRA_URLS = [
    ("home:student_detail", "student_b"),
    ("home:student_detail", "student_c"),
    ("cases:case_detail", "case_b"),
    ("cases:case_detail", "case_c"),
    ("documents:consent_blank_pdf", "case_b"),
]

# Requests besides each URL's plain GET (or its row's POST, which for the minutes meets a newer
# version: the conflict page shows the other's text): the minutes autosave as htmx sends it, saved
# and in conflict.
EXTRA_REQUESTS = [
    ("meetings:notes_save[htmx]", "meetings:notes_save", {"notes": "Ny tekst", "version": "3"}, True),
    ("meetings:notes_save[conflict,htmx]", "meetings:notes_save", {"notes": "Ny tekst", "version": "1"}, True),
]

# The e-mail kinds the walk sends (by their subject template); every `templates/**/email/*_subject.txt`
# of the project must be one of them, so a new kind of e-mail has to be added to the walk.
EMAIL_KINDS = {
    "meetings/email/invitation": "email:meeting_invitation",
    "attendance/email/followup_opened": "email:followup_opened",
    "deadlines/email/reminder": "email:deadline_reminder",
    "meetings/email/guest_signin_link": "email:guest_signin_link",
    "meetings/email/guest_signin_code": "email:guest_signin_code",
    "registration/password_reset": "email:password_reset",
    "cases/email/referral_notice": "email:referral_notice",
}

# Real PDFs (WeasyPrint, read back with pypdf) are made for the member (a viewer who must not see A)
# for every PDF view, and for the lead where a positive check reads one; the page walk renders every
# PDF's template for every viewer.
REAL_PDF_ROLES = ("member",)
REAL_PDF_POSITIVE = {("documents:referral_pdf", "lead")}


@dataclass
class Observations:
    found: dict = field(default_factory=dict)  # (output, role) -> set of canary keys
    status: dict = field(default_factory=dict)  # (output, role) -> HTTP status (URL outputs)
    snippets: dict = field(default_factory=dict)  # (output, role) -> where the first canary stood
    walked_urls: set = field(default_factory=set)
    pdf_urls: set = field(default_factory=set)
    errors: list = field(default_factory=list)

    def add(self, output, role, text, status=None):
        key = (output, role)
        keys = canaries_in(text)
        self.found.setdefault(key, set()).update(keys)
        if status is not None:
            self.status[key] = status
        if keys and key not in self.snippets:
            self.snippets[key] = _snippet(text)


def _snippet(text):
    from canary_world import TOKENS

    words = "|".join(re.escape(w) for ws in TOKENS.values() for w in ws)
    m = re.search(words, text, re.IGNORECASE)
    return " ".join(text[max(0, m.start() - 60) : m.end() + 40].split()) if m else ""


# --- helpers -----------------------------------------------------------------------------------


@contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _login(user) -> Client:
    """A client signed in with the second factor passed (as tests/conftest.py does for force_login)."""
    client = Client()
    Client.force_login(client, user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="canary", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _response_text(response) -> str:
    parts = [response.get("Content-Disposition", ""), response.get("Location", "")]
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if body[:5] == b"%PDF-":
        parts.append(_pdf_text(body))
    elif response.get("Content-Type", "").startswith("text/calendar"):
        parts.append(_unfold_ics(body))  # a folded line could split a name in two
    else:
        parts.append(body.decode("utf-8", "replace"))
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    except Exception:  # noqa: BLE001 - a scanned test file is not a real PDF; its bytes are searched instead
        return data.decode("latin-1")


def _unfold_ics(data) -> str:
    text = data.decode() if isinstance(data, bytes) else data
    return re.sub(r"\r?\n[ \t]", "", text)


def _kwargs(name, pattern, spec, objects, obj_key=None):
    kwargs = {}
    for key in pattern.pattern.converters:
        if key in spec["kwargs"]:
            kwargs[key] = kwarg_value(spec["kwargs"][key], objects)
        else:
            kwargs[key] = objects[obj_key or spec["obj"]].pk
    return kwargs


@contextmanager
def _pdf_as_html(obs: Observations, current: list):
    """Every view that makes a PDF renders its template instead (the same context, the same access
    log): WeasyPrint takes a second a document, and the text is what is checked. The URLs that do
    are remembered, and their real PDFs are made afterwards for REAL_PDF_ROLES."""

    def as_html(template, context, **_):
        obs.pdf_urls.add(current[0])
        return render_to_string(template, context).encode()

    real = pdf_module.render_pdf
    with pytest.MonkeyPatch.context() as mp:
        for module in list(sys.modules.values()):
            name = getattr(module, "__name__", "")
            if name.startswith("laget.") and getattr(module, "render_pdf", None) is real:
                mp.setattr(module, "render_pdf", as_html)
        yield


# --- the walk ----------------------------------------------------------------------------------


def _walk_urls(world, clients, obs):
    feeds = _feed_tokens(world)
    current = [None]
    with _pdf_as_html(obs, current):
        for name, pattern in sorted(url_names().items()):
            spec = TABLE.get(name)
            if spec is None:
                obs.errors.append(f"{name} has no row in tests/security/permission_table.py")
                continue
            current[0] = name
            for role in ROLES:
                if name == "deadlines:calendar_feed":
                    url = reverse(name, kwargs={"token": feeds[role]})
                else:
                    url = reverse(name, kwargs=_kwargs(name, pattern, spec, world.objects))
                _fetch(clients[role], url, spec, name, role, obs)
            obs.walked_urls.add(name)
        for name, obj_key in EXTRA_URLS:
            current[0] = name
            pattern, spec = url_names()[name], TABLE[name]
            url = reverse(name, kwargs=_kwargs(name, pattern, spec, world.extra, obj_key))
            for role in ROLES:
                _fetch(clients[role], url, spec, f"{name}[{obj_key}]", role, obs)
        for output, name, data, htmx in EXTRA_REQUESTS:
            pattern, spec = url_names()[name], TABLE[name]
            url = reverse(name, kwargs=_kwargs(name, pattern, spec, world.objects))
            for role in ROLES:
                _fetch(clients[role], url, {**spec, "post": data}, output, role, obs, htmx=htmx)


def _fetch(client, url, spec, output, role, obs, htmx=False):
    cookies = SimpleCookie(client.cookies)  # a logout (or a rotated session) must not sign the viewer out
    headers = {"HX-Request": "true"} if htmx else {}
    with _rolled_back():
        response = client.get(url, headers=headers) if not htmx else None
        if response is None or response.status_code == 405:
            response = client.post(url, spec["post"], headers=headers)
        if response.status_code >= 500:
            obs.errors.append(f"{output} as {role}: {response.status_code}")
        obs.add(output, role, _response_text(response), response.status_code)
    client.cookies = cookies


def _feed_tokens(world) -> dict:
    from laget.deadlines.services import feed_regenerate

    return {role: feed_regenerate(user=user).token for role, user in world.people.items()}


def _real_pdfs(world, clients, obs):
    for name in sorted(obs.pdf_urls):
        pattern, spec = url_names()[name], TABLE[name]
        url = reverse(name, kwargs=_kwargs(name, pattern, spec, world.objects))
        for role in [*REAL_PDF_ROLES, *(r for n, r in REAL_PDF_POSITIVE if n == name)]:
            with _rolled_back():
                response = clients[role].get(url)
            if response.status_code == 200 and response["Content-Type"] == "application/pdf":
                obs.add(f"pdf:{name}", role, _response_text(response), response.status_code)


def _role_by_email(world) -> dict:
    return {user.email.lower(): role for role, user in world.people.items() if user.email}


def _collect_mail(world, obs, output):
    roles = _role_by_email(world)
    for message in mail.outbox:
        for address in message.to:
            role = roles.get(address.lower(), f"other<{address}>")
            text = "\n".join([message.subject, message.body, *(content for content, _ in message.alternatives)])
            obs.add(output, role, text)
            for attachment in message.attachments:
                filename, content, _mimetype = attachment
                obs.add(f"{output}:{filename}", role, filename + "\n" + _unfold_ics(content))
    mail.outbox = []


def _send_emails(world, obs):
    from laget.attendance.tasks import notify_followup_opened
    from laget.deadlines import engine
    from laget.meetings.invitations import meeting_send_invitation
    from laget.organisations.access import Access

    mail.outbox = []
    # The invitation: the service starts the round, the task sends it after commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        meeting_send_invitation(access=Access(world.people["lead"]), meeting=world.objects["meeting"])
    _collect_mail(world, obs, EMAIL_KINDS["meetings/email/invitation"])
    # The attendance follow-up opened: the task the service enqueues.
    notify_followup_opened.enqueue(followup_id=world.objects["followup"].pk)
    _collect_mail(world, obs, EMAIL_KINDS["attendance/email/followup_opened"])
    # Today's reminders (a task and a measure of case A are due today): scan, send, relay.
    engine.scan(enqueue=False)
    _collect_mail(world, obs, EMAIL_KINDS["deadlines/email/reminder"])
    # The guest's sign-in link, then the one-time code its use sends (laget.meetings.guest_signin).
    from laget.meetings.guest_signin import signin_link_send, signin_link_use

    signin_link_send(invitation=world.objects["invitation"])
    token = re.search(r"/gjest/inn/([^/\s]+)/", mail.outbox[-1].body).group(1)
    _collect_mail(world, obs, EMAIL_KINDS["meetings/email/guest_signin_link"])
    signin_link_use(token=token, client="127.0.0.1")
    _collect_mail(world, obs, EMAIL_KINDS["meetings/email/guest_signin_code"])
    # A forgotten password, asked for by each viewer (signed out) through the real form.
    for user in world.people.values():
        Client().post(reverse("password_reset"), {"email": user.email})
    _collect_mail(world, obs, EMAIL_KINDS["registration/password_reset"])
    # A new referral: the team lead is told (the task the submit enqueues).
    from laget.cases.notices import referral_notices_deliver

    referral_notices_deliver(referral_id=world.objects["referral"].pk)
    _collect_mail(world, obs, EMAIL_KINDS["cases/email/referral_notice"])


def _archive(world, obs):
    """The archive package of case A (laget.privacy.archive), every file in it read: the manifest,
    the PDFs (pypdf) and the attachments' and scans' names."""
    import zipfile

    from laget.privacy.archive import build_package

    package = zipfile.ZipFile(io.BytesIO(build_package(world.objects["case"])))
    parts = []
    for name in package.namelist():
        data = package.read(name)
        parts.append(name)
        parts.append(_pdf_text(data) if data[:5] == b"%PDF-" else data.decode("utf-8", "replace"))
    obs.add("archive:package", ARCHIVE, "\n".join(parts))


@pytest.fixture(scope="module")
def observed(django_db_setup, django_db_blocker):
    obs = Observations()
    url_names()  # imports every view module, so the PDF views can be switched to HTML
    quiet = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)  # 403/404/405 are expected by the hundred
    with django_db_blocker.unblock(), _rolled_back():
        world = build()
        clients = {role: _login(user) for role, user in world.people.items()}
        _walk_urls(world, clients, obs)
        _real_pdfs(world, clients, obs)
        _send_emails(world, obs)
        _archive(world, obs)
    if os.environ.get("CANARY_DUMP"):  # for reading a run: every output, viewer, status and canary found
        rows = [[o, r, obs.status.get((o, r)), sorted(k)] for (o, r), k in sorted(obs.found.items())]
        Path(os.environ["CANARY_DUMP"]).write_text(json.dumps(rows, indent=1))
    for logger, level in zip(quiet, levels, strict=True):
        logger.setLevel(level)
    return obs


# --- the contract ------------------------------------------------------------------------------


def _leaks(obs) -> dict:
    leaks = {}
    for (output, role), keys in obs.found.items():
        extra = keys - allowed_sets(role, output)
        if extra:
            leaks[(output, role)] = extra
    return leaks


def test_every_url_and_every_email_kind_is_walked(observed):
    assert not observed.errors, "\n".join(observed.errors)
    assert observed.walked_urls == set(url_names()), sorted(set(url_names()) - observed.walked_urls)
    root = Path(laget.__file__).parent
    kinds = {
        str(p.relative_to(next(d for d in p.parents if d.name == "templates"))).removesuffix("_subject.txt")
        for p in root.rglob("templates/**/*_subject.txt")
    }
    assert kinds == set(EMAIL_KINDS), f"e-mail kinds the canary walk does not send: {sorted(kinds - set(EMAIL_KINDS))}"
    sent = {output for output, _role in observed.found}
    assert set(EMAIL_KINDS.values()) <= sent, f"no e-mail of: {sorted(set(EMAIL_KINDS.values()) - sent)}"
    assert any(o.endswith(".ics") for o in sent), "the invitation's .ics was not read"
    assert {o for o in sent if o.startswith("pdf:")}, "no real PDF was read"


def test_no_canary_where_the_policy_says_no(observed):
    leaks = _leaks(observed)
    new = {k: v for k, v in leaks.items() if k not in KNOWN_LEAKS}
    lines = [
        f"{output} as {role}: {sorted(keys)} — …{observed.snippets.get((output, role), '')}…"
        for (output, role), keys in sorted(new.items())
    ]
    assert not new, f"{len(new)} new leak(s) (fix the output, never add to the known list):\n" + "\n".join(lines)


def test_known_leaks_still_leak(observed):
    """Strict: a fixed leak must leave canary_known_leaks.py, so the list only shrinks."""
    leaks = _leaks(observed)
    fixed = sorted(k for k in KNOWN_LEAKS if k not in leaks)
    assert not fixed, "fixed — remove these from tests/privacy/canary_known_leaks.py:\n" + "\n".join(map(str, fixed))


# Where the policy says the names DO appear. Each must hold, so the walk cannot pass by hiding all.
POSITIVE = [
    # those who know the student anyway see her on her case
    ("cases:case_detail", "lead", "A"),
    ("cases:case_detail", "teacher", "A"),
    ("home:student_detail", "teacher", "A"),
    # (not in a PDF: a PDF travels, it names a child only with team consent — docs/security.md, section 3)
    # consent for the team: the fixed members see B and C named on the agenda and in the invitation
    ("meetings:meeting_detail", "member", "B"),
    ("meetings:meeting_detail", "member", "C"),
    ("meetings:meeting_detail", "lead", "A"),
    ("email:meeting_invitation", "member", "B"),
    ("email:meeting_invitation", "nurse", "C"),
    # consent covering child welfare: the invited child-welfare member sees B
    ("meetings:meeting_detail", "agency", "B"),
    ("email:meeting_invitation", "agency", "B"),
    ("email:meeting_invitation:innkalling.ics", "agency", "B"),
    ("meetings:meeting_ics", "member", "C"),
    ("meetings:minutes", "member", "B"),
    ("documents:invitation_pdf", "member", "C"),
    ("cases:case_list", "member", "B"),
    ("cases:case_list", "lead", "A"),
    ("cases:case_list", "teacher", "A"),
    # consent covering PPT: the invited PPT guest sees C on the guest page
    ("guests:guest_meeting", "guest", "C"),
    # restricted: the nurse sees the health note
    ("cases:case_detail", "nurse", "restricted"),
    # the archive package is the school's record of the case: named, without the restricted section
    ("archive:package", ARCHIVE, "A"),
    # protected address: the office, granted it, sees Oskar Brambleworth's
    ("home:student_detail[student_b]", "office", "protected_B"),
]


@pytest.mark.parametrize(("output", "role", "key"), POSITIVE)
def test_canary_shown_where_the_policy_says_yes(observed, output, role, key):
    assert role in KNOWS[key], "the positive list contradicts KNOWS"
    assert (output, role) in observed.found, f"{output} was not produced for {role}"
    assert key in observed.found[(output, role)], (
        f"{output} as {role} (status {observed.status.get((output, role))}) does not show case {key}"
    )


def test_outputs_covered(observed):
    """How much the walk covers (printed with -s; the count is in the report of the issue)."""
    outputs = observed.found
    urls = [k for k in outputs if not k[0].startswith(("email:", "pdf:"))]
    print(
        f"\ncanary walk: {len(outputs)} outputs — {len(urls)} URL×viewer, "
        f"{len([k for k in outputs if k[0].startswith('pdf:')])} real PDFs, "
        f"{len([k for k in outputs if k[0].startswith('email:') and not k[0].endswith('.ics')])} e-mails, "
        f"{len([k for k in outputs if k[0].endswith('.ics')])} .ics attachments; "
        f"{len(observed.pdf_urls)} PDF views; {len(KNOWN_LEAKS)} known leaks"
    )
    assert len(urls) >= len(url_names()) * len(ROLES)
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="module", autouse=True)
def _timing():
    import time

    start = time.process_time()
    yield
    print(f"\ncanary CPU time: {time.process_time() - start:.1f}s")
