from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """Which session keys belong to which user, so "Logg ut overalt" and deactivation can end them all.

    Written on every login (and when the key is rotated after the second factor); the session
    itself stays in the session engine.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="laget_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("innloggingsøkt")
        verbose_name_plural = _("innloggingsøkter")

    def __str__(self):
        return f"{self.user_id}:{self.session_key[:6]}…"
