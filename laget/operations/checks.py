"""Deployment checks (`manage.py check --deploy`, run by `make serve` before it starts anything)."""

import ipaddress
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


def _inside(child: Path, parent: Path) -> bool:
    child, parent = child.resolve(), parent.resolve()
    return child == parent or parent in child.parents


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def media_outside_web_root(app_configs, **kwargs):
    """Uploaded attachments and archive packages are served only through access-checked views:
    they must not sit where the static file server (WhiteNoise, or a proxy) publishes files."""
    media = Path(settings.MEDIA_ROOT)
    problems = []
    sources = [Path(d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS]
    web_roots = [Path(settings.STATIC_ROOT), *sources]
    for name, path in (("MEDIA_ROOT", media), ("ARCHIVE_ROOT", Path(settings.ARCHIVE_ROOT))):
        for root in web_roots:
            if _inside(path, root) or _inside(root, path):
                problems.append(
                    Error(
                        f"{name} ({path}) overlaps the static files ({root}): uploaded files would be public.",
                        hint=f"Set {name} to a folder outside STATIC_ROOT, e.g. /var/lib/laget/media.",
                        id="laget.E001",
                    )
                )
    return problems


@register(Tags.security, deploy=True)
def email_over_tls(app_configs, **kwargs):
    """E-mails name children: plain SMTP is only acceptable to a relay on this very host."""
    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        return []
    if settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL or _is_loopback(settings.EMAIL_HOST):
        return []
    return [
        Warning(
            f"E-mail to {settings.EMAIL_HOST} is sent without TLS.",
            hint="Set EMAIL_SECURITY=starttls (port 587) or tls (port 465).",
            id="laget.W001",
        )
    ]


@register()
def schedules_are_cron_expressions(app_configs, **kwargs):
    """A typo in SCHEDULE_* stops the start (every command runs the checks) instead of the scheduler."""
    from cronsim import CronSim, CronSimError
    from django.utils import timezone

    problems = []
    for name in ("SCHEDULE_RETENTION", "SCHEDULE_AUDIT_VERIFY", "SCHEDULE_PRUNE_TASKS"):
        try:
            CronSim(getattr(settings, name), timezone.now())
        except CronSimError as exc:
            problems.append(
                Error(
                    f"{name} is not a cron expression ({getattr(settings, name)!r}: {exc}).",
                    hint="Five fields: minute hour day month weekday, e.g. 30 2 * * *",
                    id="laget.E002",
                )
            )
    return problems
