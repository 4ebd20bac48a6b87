"""Hooks on Django's own auth events.

These are here, not in views, because every login path (the login page, the admin login,
`force_login` in tests) and every deactivation path (admin, shell, services) must be covered;
each handler only calls a service.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from laget.organisations.language import LANGUAGE_SESSION_KEY, user_language, valid_language

from . import services
from .sessions import mark_login


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    mark_login(request.session)
    # The written standard for this session: the user's own, else what they chose before logging
    # in, else their school's (accounts.LanguageMiddleware reads it).
    chosen = valid_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)) if hasattr(request, "COOKIES") else None
    request.session[LANGUAGE_SESSION_KEY] = user_language(user, fallback=chosen)
    if request.session.session_key is None:
        request.session.save()
    services.session_register(user=user, session_key=request.session.session_key)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.session_forget(session_key=request.session.session_key)


@receiver(post_save, sender=get_user_model())
def on_user_saved(sender, instance, created, **kwargs):
    # A deactivated user must not keep a live session anywhere.
    if not created and not instance.is_active:
        services.sessions_end_all(user=instance)
