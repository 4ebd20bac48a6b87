"""Laget settings: one module, driven by environment variables.

SQLite unless DATABASE_URL says otherwise. Helpers fail loudly on a bad value so a
typo in production configuration stops the process instead of silently defaulting.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


# Demo mode: `make run` turns it on. It allows the demo users and a local secret key;
# production settings refuse to start with it on (see the DEBUG/DEMO check below).
DEMO = envbool("LAGET_DEMO", "0")
DEBUG = envbool("DEBUG", "1" if DEMO else "0")
# Under pytest the test settings apply (fast hasher, immediate tasks, in-memory mail).
TESTING = envbool("LAGET_TESTING", "0") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEMO or DEBUG or TESTING:
        SECRET_KEY = "laget-insecure-local-key-only-for-demo-and-tests"  # noqa: S105 - refused outside demo/tests
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set outside demo mode")

# Keyed hash for identity numbers from the school's register (laget.students.register_ids): the
# national identity number is never stored, only HMAC-SHA256 under this key, so a re-import and a
# later guardian login can be matched. Set it once and keep it: a new key makes every earlier import
# unmatched. Without it, a key is derived from SECRET_KEY (rotating SECRET_KEY then has that effect).
PERSON_ID_KEY = os.environ.get("PERSON_ID_KEY", "") or f"person-id:{SECRET_KEY}"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_guid",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "laget.audit",
    "laget.organisations",
    "laget.routines",
    "laget.students",
    "laget.cases",
    "laget.meetings",
    "laget.deadlines",
    "laget.attendance",
    "laget.ppt",
    "laget.ladders",
    "laget.accounts",
    "laget.documents",
    "laget.wheel",
    "laget.privacy",
    "laget.reports",
    "laget.home",
    "laget.operations",
]

MIDDLEWARE = [
    # Probes first: a plain-HTTP /healthz or /readyz from localhost is answered before the HTTPS
    # redirect and the host check (laget/operations/probes.py).
    "laget.operations.probes.ProbeMiddleware",
    # The request id (X-Request-ID) for every log line of the request, and one JSON line per request.
    "django_guid.middleware.guid_middleware",
    "laget.operations.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "laget.accounts.middleware.LanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "laget.accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "laget.accounts.middleware.TwoFactorRequiredMiddleware",
    "laget.home.middleware.StaffOnlyMiddleware",
    "laget.home.middleware.NoStoreMiddleware",
    # Last, so a locked-out login attempt never reaches the view.
    "axes.middleware.AxesMiddleware",
    # After every other process_view: a request that may write runs its view in one transaction
    # (a read does not, so it holds no lock; docs/decisions/0004).
    "laget.transactions.AtomicWritesMiddleware",
]

ROOT_URLCONF = "laget.urls"
WSGI_APPLICATION = "laget.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "laget" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "laget.home.context_processors.laget",
            ],
        },
    },
]

# Production keeps connections open between requests (gunicorn workers and db_worker reuse them) and
# checks a reused one is still alive before the request uses it; demo and tests open one per request.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'laget.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0" if (DEMO or DEBUG or TESTING) else "600"),
        conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", "1"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets the worker and the web server read and write side by side; IMMEDIATE transactions
    # avoid "database is locked" on upgrade from read to write. Only requests that may write open
    # one (laget.transactions): reads run in autocommit and never hold the write lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
# Not ATOMIC_REQUESTS: laget.transactions.AtomicWritesMiddleware runs writes in one transaction
# and reads without one (docs/decisions/0004, replacing 0002's choice).
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sessions of users signed in by Feide or by a guest's e-mailed link; it never checks a password.
    "laget.accounts.backends.SignedInElsewhereBackend",
]
# Argon2 for every new or changed password; PBKDF2 only to check (and upgrade) an older hash.
# Named separately because tests hash with MD5 for speed (below): tests/accounts/test_passwords.py
# logs in with these.
PRODUCTION_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:my_page"
LOGOUT_REDIRECT_URL = "login"

# Feide (OpenID Connect) for staff: on when the discovery URL and the client are set, otherwise the
# login page shows no Feide button. Registered in Feide's customer portal; see docs/operations.md, "Feide".
FEIDE_DISCOVERY_URL = os.environ.get("FEIDE_DISCOVERY_URL", "").strip()
FEIDE_CLIENT_ID = os.environ.get("FEIDE_CLIENT_ID", "").strip()
FEIDE_CLIENT_SECRET = os.environ.get("FEIDE_CLIENT_SECRET", "").strip()
if any((FEIDE_DISCOVERY_URL, FEIDE_CLIENT_ID, FEIDE_CLIENT_SECRET)) and not all(
    (FEIDE_DISCOVERY_URL, FEIDE_CLIENT_ID, FEIDE_CLIENT_SECRET)
):
    raise ImproperlyConfigured("Feide needs all of FEIDE_DISCOVERY_URL, FEIDE_CLIENT_ID and FEIDE_CLIENT_SECRET")
FEIDE_SCOPES = os.environ.get("FEIDE_SCOPES", "openid userid-feide profile email").strip()
# The `acr` values that mean Feide did its own multi-factor login; such a login skips Laget's TOTP.
FEIDE_MFA_ACR_VALUES = [
    v.strip()
    for v in os.environ.get("FEIDE_MFA_ACR_VALUES", "urn:mace:feide.no:auth:level:fad08:3").split(",")
    if v.strip()
]
# Optional: ask Feide for multi-factor on every login (acr_values in the authorization request).
FEIDE_REQUEST_ACR_VALUES = os.environ.get("FEIDE_REQUEST_ACR_VALUES", "").strip()
FEIDE_CLOCK_SKEW_SECONDS = envint("FEIDE_CLOCK_SKEW_SECONDS", "60")
FEIDE_TIMEOUT_SECONDS = envint("FEIDE_TIMEOUT_SECONDS", "10")

# Password reset by e-mail (Django's views): the link lives an hour; requests are limited per address
# asked for and per client address, the same answer whether or not the address has an account.
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT_SECONDS", "3600")
PASSWORD_RESET_PER_EMAIL_PER_HOUR = envint("PASSWORD_RESET_PER_EMAIL_PER_HOUR", "3")
PASSWORD_RESET_PER_CLIENT_PER_HOUR = envint("PASSWORD_RESET_PER_CLIENT_PER_HOUR", "10")

AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", "1")
# Lock the pair (username, client address), never either alone: one user's typos behind a school's
# shared address must not lock the whole school out, and nobody can lock out "rektor" by guessing
# from another address. A guesser is still stopped after AXES_FAILURE_LIMIT tries per username.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy the client address comes from X-Forwarded-For: the entry the outermost of
# TRUSTED_PROXY_COUNT proxies appended (laget.accounts.client_ip). Without a proxy the header is the
# client's to forge and is ignored.
BEHIND_PROXY = envbool("BEHIND_PROXY", "0")
TRUSTED_PROXY_COUNT = envint("AXES_PROXY_COUNT", "1" if BEHIND_PROXY else "0")
AXES_CLIENT_IP_CALLABLE = "laget.accounts.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "laget.accounts.views.lockout"
AXES_ENABLED = envbool("AXES_ENABLED", "1")

# Enforced by laget.accounts.middleware.SessionTimeoutMiddleware (the cookie age is only a backstop).
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", str(30 * 60))
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", str(10 * 3600))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
OTP_TOTP_ISSUER = "Laget"
# An enrolment attempt (a fresh TOTP secret shown once) left unconfirmed this long is discarded.
TOTP_ENROLMENT_ATTEMPT_SECONDS = envint("TOTP_ENROLMENT_ATTEMPT_SECONDS", "3600")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE = envbool("SECURE_COOKIES", "0" if (DEBUG or DEMO or TESTING) else "1")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1" if SECURE else "0")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if SECURE else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): scripts only from us or with the per-request nonce
# (`{{ request.csp_nonce }}`); no inline style attributes, so styles live in laget/static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "nb"
# Bokmål is the source language (msgids, docs/decisions/0001); nynorsk and English have catalogues in
# laget/locale, compiled at install. Which one a request gets is decided by LanguageMiddleware
# (the user's choice, else their school's written standard), never by the browser's Accept-Language.
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
# Dates are typed and shown as dd.mm.åååå in every language (laget/formats).
FORMAT_MODULE_PATH = ["laget.formats"]
LANGUAGE_COOKIE_NAME = "laget_language"
LANGUAGE_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "laget" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "laget" / "static",
    ("vendor/designsystemet", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/inter", BASE_DIR / "node_modules" / "@fontsource-variable" / "inter"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Retention archive packages (laget.privacy.retention): zip per purged case.
ARCHIVE_ROOT = Path(os.environ.get("ARCHIVE_ROOT", BASE_DIR / "var" / "archive"))
# The student's archive folder (elevmappe): documents sent from Laget go through this adapter
# (laget.documents.archive_adapters). The folder adapter writes a Noark 5 arkivmelding package per
# send to ARCHIVE_EXPORT_DIR, for the archive system (Public 360, Elements …) to import.
ARCHIVE_ADAPTER = os.environ.get("ARCHIVE_ADAPTER", "laget.documents.archive_adapters.FolderAdapter")
ARCHIVE_EXPORT_DIR = Path(os.environ.get("ARCHIVE_EXPORT_DIR", BASE_DIR / "var" / "arkivpakker"))
MEDIA_URL = "/media/"  # never served directly: attachments go through access-checked views
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_ATTACHMENT_BYTES = envint("MAX_ATTACHMENT_BYTES", str(20 * 1024 * 1024))

# Privacy: emergency access (nødtilgang), guest access for invited agencies, access-log review.
EMERGENCY_ACCESS_HOURS = envint("EMERGENCY_ACCESS_HOURS", "2")
EMERGENCY_REASON_MIN_LENGTH = envint("EMERGENCY_REASON_MIN_LENGTH", "20")
# Plausible dates (laget.dates): nothing a school's routine is about lies further back or ahead.
DATE_YEARS_BACK = envint("DATE_YEARS_BACK", "30")
DATE_YEARS_AHEAD = envint("DATE_YEARS_AHEAD", "15")
# The emergency search finds a student one knows by name; it is not a way to list the school.
EMERGENCY_SEARCH_MIN_LETTERS = envint("EMERGENCY_SEARCH_MIN_LETTERS", "3")
EMERGENCY_SEARCH_MAX_RESULTS = envint("EMERGENCY_SEARCH_MAX_RESULTS", "10")
GUEST_ACCESS_DAYS_AFTER_MEETING = envint("GUEST_ACCESS_DAYS_AFTER_MEETING", "7")
# Guests sign in by an e-mailed single-use link, then a one-time code sent to the same address.
GUEST_SIGNIN_LINK_HOURS = envint("GUEST_SIGNIN_LINK_HOURS", "72")
GUEST_SIGNIN_CODE_MINUTES = envint("GUEST_SIGNIN_CODE_MINUTES", "10")
GUEST_SIGNIN_CODE_ATTEMPTS = envint("GUEST_SIGNIN_CODE_ATTEMPTS", "5")
GUEST_SIGNIN_PER_CLIENT_PER_HOUR = envint("GUEST_SIGNIN_PER_CLIENT_PER_HOUR", "30")
GUEST_SIGNIN_NEW_LINKS_PER_HOUR = envint("GUEST_SIGNIN_NEW_LINKS_PER_HOUR", "3")
AUDIT_UNUSUAL_STUDENTS_PER_DAY = envint("AUDIT_UNUSUAL_STUDENTS_PER_DAY", "20")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEMO or DEBUG)
    else "django.core.mail.backends.smtp.EmailBackend",
)
# E-mails name children (invitations, reminders): SMTP goes over TLS unless the environment says
# otherwise. EMAIL_SECURITY: "starttls" (port 587), "tls" (implicit TLS, port 465) or "none" (only
# for a relay on this host; `check --deploy` warns otherwise). The certificate is verified.
EMAIL_SECURITY = os.environ.get("EMAIL_SECURITY", "starttls").strip().lower()
if EMAIL_SECURITY not in ("starttls", "tls", "none"):
    raise ImproperlyConfigured(f"EMAIL_SECURITY must be starttls, tls or none, got {EMAIL_SECURITY!r}")
EMAIL_USE_TLS = EMAIL_SECURITY == "starttls"
EMAIL_USE_SSL = EMAIL_SECURITY == "tls"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", {"starttls": "587", "tls": "465", "none": "25"}[EMAIL_SECURITY])
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")  # seconds; a hung SMTP server must not hang the worker
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Laget <laget@localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Deadline engine (laget.deadlines): reminder N days before, at the deadline, escalation to the
# team lead M days after; the worker's own periodic scan; e-mail relay from the outbox table.
DEADLINES_REMIND_DAYS_BEFORE = envint("DEADLINES_REMIND_DAYS_BEFORE", "3")
DEADLINES_ESCALATE_DAYS_AFTER = envint("DEADLINES_ESCALATE_DAYS_AFTER", "2")
DEADLINES_SCAN_INTERVAL_SECONDS = envint("DEADLINES_SCAN_INTERVAL_SECONDS", "900")
DEADLINES_LEASE_SECONDS = envint("DEADLINES_LEASE_SECONDS", "600")
DEADLINES_SEND_BATCH = envint("DEADLINES_SEND_BATCH", "25")
DEADLINES_RELAY_EMAIL_BACKEND = os.environ.get("DEADLINES_RELAY_EMAIL_BACKEND", "")  # "" = EMAIL_BACKEND

# Logs go to stdout (systemd's journal): JSON lines in production, plain text in demo and tests.
# Every line written while a request runs carries its request id (django-guid; X-Request-ID header).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if (DEMO or DEBUG or TESTING) else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOG_OPS_DEFAULT = "WARNING" if (DEMO or DEBUG or TESTING) else "INFO"  # runserver prints requests itself
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request (laget.operations.requestlog) and the scheduler's decisions.
        "laget.operations": {"level": os.environ.get("LAGET_OPS_LOG_LEVEL", LOG_OPS_DEFAULT)},
        "django_guid": {"level": "WARNING"},
    },
}
# The request id: taken from the proxy's X-Request-ID when it is a valid UUID, otherwise made here;
# returned in the response's X-Request-ID header.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
}

if not DEBUG and DEMO and not TESTING:
    raise ImproperlyConfigured("LAGET_DEMO must be off in production (DEBUG=0)")

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MEDIA_ROOT = BASE_DIR / "var" / "test-media"
    AXES_ENABLED = envbool("AXES_ENABLED", "0")

DEADLINES_RELAY_EMAIL_BACKEND = DEADLINES_RELAY_EMAIL_BACKEND or EMAIL_BACKEND

# Static files come from the finders in development and tests; production runs collectstatic into
# STATIC_ROOT with hashed, compressed names (WhiteNoise's manifest storage, cached for a year).
WHITENOISE_USE_FINDERS = DEBUG or DEMO or TESTING
if not WHITENOISE_USE_FINDERS:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Production profile (docs/operations.md): error pages, the scheduler of the periodic jobs.
CSRF_FAILURE_VIEW = "laget.operations.errors.csrf_failure"
# Probes answer before the redirect (ProbeMiddleware); listed here too for a probe behind the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# The scheduler (`manage.py scheduler`): cron expressions in TIME_ZONE for the nightly jobs.
SCHEDULER_TICK_SECONDS = envint("SCHEDULER_TICK_SECONDS", "30")
SCHEDULE_RETENTION = os.environ.get("SCHEDULE_RETENTION", "30 2 * * *")
SCHEDULE_AUDIT_VERIFY = os.environ.get("SCHEDULE_AUDIT_VERIFY", "0 3 * * *")
SCHEDULE_PRUNE_TASKS = os.environ.get("SCHEDULE_PRUNE_TASKS", "30 3 * * *")
TASK_RESULTS_KEEP_DAYS = envint("TASK_RESULTS_KEEP_DAYS", "14")
# `manage.py backup` (make backup) writes here unless told otherwise; keep it off this disk too.
BACKUP_DIR = Path(os.environ.get("LAGET_BACKUP_DIR", BASE_DIR / "var" / "backups"))
# Who is told when a nightly check fails (comma-separated e-mail addresses); the log always is.
OPS_ALERT_EMAILS = [a.strip() for a in os.environ.get("OPS_ALERT_EMAILS", "").split(",") if a.strip()]
