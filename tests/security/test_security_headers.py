"""Security headers and cookies (issue "Privacy and security", item 3).

CSP with a per-request nonce, no inline script or style the policy would block, no-store on
every page for a signed-in user, and a production configuration `check --deploy` is happy with.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [p for p in (ROOT / "laget").rglob("templates") if p.is_dir()]
# PDFs are rendered by WeasyPrint and e-mails by mail clients: no browser CSP applies to them.
NOT_BROWSER = ("documents/", "/email/")


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: " ".join(d.split()[1:]) for d in (p.strip() for p in header.split(";")) if d}


def browser_templates():
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            rel = path.relative_to(directory).as_posix()
            if not any(part in f"/{rel}" for part in NOT_BROWSER):
                yield path


def test_login_page_has_strict_csp(client, db):
    policy = csp(client.get("/logg-inn/"))
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["base-uri"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "'unsafe-inline'" not in " ".join(policy.values())
    assert "'unsafe-eval'" not in " ".join(policy.values())


def test_every_script_tag_carries_the_requests_nonce(client, world):
    client.force_login(world.lead)
    response = client.get("/")
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", csp(response)["script-src"]).group(1)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "base.html loads htmx and laget.js"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag
    # A fresh nonce per request: a nonce that leaks once is useless the next time.
    assert client.get("/")["Content-Security-Policy"] != response["Content-Security-Policy"]


def test_htmx_does_not_inject_its_indicator_style(client, world):
    client.force_login(world.lead)
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles":false' in html


@pytest.mark.parametrize("path", list(browser_templates()), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_inline_script_style_or_handler_in_templates(path):
    text = path.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag, f"inline script in {path}: {tag}"
        assert "nonce=" in tag, f"script without the CSP nonce in {path}: {tag}"
    assert "<style" not in text, f"inline <style> in {path}: move it to laget/static/laget/laget.css"
    assert not re.search(r"\sstyle\s*=", text), f"style attribute in {path}: CSP style-src 'self' blocks it"
    assert not re.search(r"\son[a-z]+\s*=", text), f"inline event handler in {path}"
    assert "hx-on" not in text, f"inline script via hx-on in {path}"
    assert "javascript:" not in text, f"javascript: URL in {path}"


def test_pages_for_signed_in_users_are_never_stored(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    for url in ("/", f"/saker/{case.pk}/", f"/elever/{world.student.pk}/"):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control, url
        assert "private" in cache_control, url


def test_security_headers_on_every_response(client, db):
    response = client.get("/logg-inn/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "laget.example.no",
}


def production(code: str, **extra) -> subprocess.CompletedProcess:
    """Run Python with the production environment: no pytest in sys.modules, no demo, no test flags."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", str(ROOT))}
    env.update(PRODUCTION_ENV, SECRET_KEY=get_random_secret_key() + get_random_secret_key())
    env.update(extra)
    return subprocess.run(
        [sys.executable, *code.split()] if code.startswith("manage.py") else [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings_in_production():
    result = production("manage.py check --deploy --fail-level WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_production_cookies_and_hsts():
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'laget.settings'); django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG)"
    )
    result = production(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "Lax", "True", "True", "True", "False"]


def test_production_refuses_to_start_without_secret_key():
    result = production("manage.py check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
