"""Liveness (/healthz) and readiness (/readyz) for load balancers, systemd and monitoring.

A probe comes from the host itself or the proxy, over plain HTTP and with whatever Host header it
likes, so `ProbeMiddleware` answers it first in the middleware chain: before the HTTPS redirect
(SecurityMiddleware), the host check (CommonMiddleware) and the request transaction. The URL
patterns point at the same views, so `reverse("healthz")` and the permission matrix still know them.
Neither answer carries data, and neither needs a login.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

_migrations_done = False  # once all are applied they stay applied for this process's code


def _plain(text: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def database_answers() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("readiness: database unavailable", exc_info=True)
        return False
    return True


def unapplied_migrations() -> list[str]:
    """Migrations on disk that the database has not applied (empty once `migrate` has run)."""
    global _migrations_done
    if _migrations_done:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    _migrations_done = not pending
    return pending


@login_not_required
@transaction.non_atomic_requests
@require_safe
def healthz(request):
    """Liveness: the process answers. No database: a database outage must not restart the web server."""
    return _plain("ok")


@login_not_required
@transaction.non_atomic_requests
@require_safe
def readyz(request):
    """Readiness: the database answers and every migration is applied; 503 with the reason otherwise."""
    if not database_answers():
        return _plain("database unavailable", status=503)
    pending = unapplied_migrations()
    if pending:
        return _plain(f"migrations not applied: {len(pending)}", status=503)
    return _plain("ready")


PROBES = {"/healthz": healthz, "/readyz": readyz}


class ProbeMiddleware:
    """First in MIDDLEWARE: answers GET/HEAD on the probe paths before redirects and host checks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = PROBES.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
