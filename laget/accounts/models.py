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


class FeideLink(models.Model):
    """Binds a Laget user to their Feide identity (OpenID Connect), one to one.

    The administrator (or the staff import) records the Feide user id — Feide's
    eduPersonPrincipalName, e.g. "ola.nordmann@skole.kommune.no". At the first Feide login with that
    id, Laget records Feide's subject identifier (`sub`, an opaque UUID that survives mergers of
    schools) and from then on recognises the person by `sub` alone. Nobody is ever created or bound
    by a Feide login on its own (accounts.services.feide_user_resolve).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feide_link")
    feide_userid = models.CharField(
        _("Feide-brukernavn"),
        max_length=254,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Feide-ID-en (eduPersonPrincipalName), for eksempel ola.nordmann@skole.kommune.no."),
    )
    sub = models.CharField(
        _("Feide-identifikator (sub)"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Fylles ut av Laget ved første innlogging med Feide."),
    )
    linked_at = models.DateTimeField(_("knyttet"), null=True, blank=True)
    last_login_at = models.DateTimeField(_("sist innlogget med Feide"), null=True, blank=True)

    class Meta:
        verbose_name = _("Feide-kobling")
        verbose_name_plural = _("Feide-koblinger")

    def __str__(self):
        return self.feide_userid or self.sub or f"user {self.user_id}"

    def clean(self):
        if self.feide_userid:
            self.feide_userid = normalise_feide_userid(self.feide_userid)
        if not self.feide_userid and not self.sub:
            from django.core.exceptions import ValidationError

            raise ValidationError({"feide_userid": _("Skriv inn Feide-brukernavnet.")})


def normalise_feide_userid(value: str) -> str:
    """Feide user ids compare case-insensitively; the namespaced form "feide:ola@skole.no" is accepted."""
    value = (value or "").strip().lower()
    return value.removeprefix("feide:")


class RateLimitHit(models.Model):
    """One attempt counted against a rate limit (password reset, guest sign-in links and codes).

    In the database so the limit holds across every web process; the key is a hash, so neither
    e-mail addresses nor IP addresses are kept here. See accounts.throttle.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"], name="ratelimit_scope_key_at")]
