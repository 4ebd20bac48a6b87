"""Gunicorn configuration for Laget's production profile (`make serve`, deploy/systemd/laget-web.service).

Every value can be overridden from the environment file (docs/operations.md lists them). The defaults
fit one small server (2 cores) behind a TLS-terminating reverse proxy on the same host:
threaded workers so a slow client or a keep-alive connection does not hold a whole process, and a
worker restart after a few thousand requests so a slow leak never grows. Each thread holds at most
one persistent database connection (CONN_MAX_AGE), so PostgreSQL sees up to workers x threads
connections from the web tier.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:  # a typo in the environment file stops the server instead of guessing
        raise SystemExit(f"{name} must be an integer, got {value!r}") from exc


wsgi_app = "laget.wsgi:application"
bind = os.environ.get("LAGET_BIND", "127.0.0.1:8000").split(",")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 60)  # a large PDF render is the slowest request
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# TLS in gunicorn itself, for a server without a reverse proxy (and the production smoke test).
certfile = os.environ.get("GUNICORN_CERTFILE") or None
keyfile = os.environ.get("GUNICORN_KEYFILE") or None
# X-Forwarded-Proto/-For are trusted only from the reverse proxy's address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The heartbeat file on tmpfs: a worker on a slow disk is not mistaken for a hung one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - tmpfs, not a shared temp file
proc_name = "laget-web"
# gunicorn's control socket defaults to one path per user: two servers on one host would share it.
control_socket_disable = True

# Requests are logged by laget.operations.logging (one JSON line per request, with the request id);
# gunicorn's own access log would be a second, unstructured line for the same request.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC, the same in every process
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
