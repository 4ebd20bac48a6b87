"""Production settings: SMTP over TLS with a timeout by default, manifest static files, and
deployment checks that refuse media inside the web root and warn about plain SMTP."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parents[2]


def production(code: str, **extra) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", str(ROOT))}
    env.update(DEBUG="0", ALLOWED_HOSTS="laget.kommune.example", SECRET_KEY=get_random_secret_key() * 2)
    env.update(extra)
    args = code.split() if code.startswith("manage.py") else ["-c", code]
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


SHOW = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'laget.settings'); django.setup();"
    "from django.conf import settings as s;"
    "print(s.EMAIL_BACKEND, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.EMAIL_PORT, s.EMAIL_TIMEOUT,"
    " s.STORAGES['staticfiles']['BACKEND'],"
    " s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
)


def test_production_defaults_to_smtp_with_starttls_a_timeout_manifest_static_and_pooled_connections():
    result = production(SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "True",
        "False",
        "587",
        "30",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "600",
        "True",
    ]


def test_implicit_tls_is_chosen_by_the_environment():
    result = production(SHOW, EMAIL_SECURITY="tls", EMAIL_TIMEOUT="10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1:5] == ["False", "True", "465", "10"]


def test_a_misspelt_email_security_stops_the_start():
    result = production("manage.py check", EMAIL_SECURITY="startls")
    assert result.returncode != 0
    assert "EMAIL_SECURITY must be starttls, tls or none" in result.stderr


def test_check_deploy_warns_about_plain_smtp_to_another_host():
    result = production("manage.py check --deploy", EMAIL_SECURITY="none", EMAIL_HOST="smtp.kommune.example")
    assert "laget.W001" in result.stderr + result.stdout
    local = production("manage.py check --deploy", EMAIL_SECURITY="none", EMAIL_HOST="127.0.0.1")
    assert "laget.W001" not in local.stderr + local.stdout


def test_check_deploy_refuses_media_inside_the_static_root(tmp_path):
    static = tmp_path / "static"
    result = production("manage.py check --deploy", STATIC_ROOT=str(static), MEDIA_ROOT=str(static / "media"))
    assert result.returncode != 0
    assert "laget.E001" in result.stderr
    assert "MEDIA_ROOT" in result.stderr
    apart = production("manage.py check --deploy", STATIC_ROOT=str(static), MEDIA_ROOT=str(tmp_path / "media"))
    assert "laget.E001" not in apart.stderr


def test_a_bad_schedule_stops_the_start():
    result = production("manage.py check", SCHEDULE_RETENTION="30 25 * * *")
    assert result.returncode != 0
    assert "laget.E002" in result.stderr
    assert "SCHEDULE_RETENTION" in result.stderr
