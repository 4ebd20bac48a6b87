"""Guest access for invited agencies (barnevern, BUP, logoped …): time-limited access to
the agenda items of one meeting they are invited to, nothing else."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GuestInvitation(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="guest_invitations")
    guest = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="guest_invitations", verbose_name=_("gjest")
    )
    # The agency the guest comes from: what they may know of a case follows the consent for
    # it (laget.cases.disclosure). `agency_name` is the name as the lead typed it.
    agency = models.ForeignKey(
        "organisations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guest_invitations",
        verbose_name=_("instans"),
    )
    agency_name = models.CharField(_("instans (navn)"), max_length=200)
    items = models.ManyToManyField("meetings.AgendaItem", related_name="guest_invitations", verbose_name=_("saker"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gjesteinvitasjon")
        verbose_name_plural = _("gjesteinvitasjoner")
        ordering = ["invited_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "guest"], name="guest_invitation_unique")]

    @property
    def valid_until(self) -> datetime.date:
        """The last day of access: the meeting's day plus GUEST_ACCESS_DAYS_AFTER_MEETING."""
        days = settings.GUEST_ACCESS_DAYS_AFTER_MEETING
        return timezone.localdate(self.meeting.starts_at) + datetime.timedelta(days=days)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and timezone.localdate() <= self.valid_until


class GuestSignIn(models.Model):
    """One e-mailed sign-in link for a guest, and the one-time code that is the second factor.

    Only hashes are stored: whoever reads the database cannot use a link or a code. The link is
    single-use and expires (GUEST_SIGNIN_LINK_HOURS, never past the invitation's last day); opening
    it e-mails a code to the same address, valid GUEST_SIGNIN_CODE_MINUTES, with a few attempts.
    """

    invitation = models.ForeignKey(GuestInvitation, on_delete=models.CASCADE, related_name="signins")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("innloggingslenke for gjest")
        verbose_name_plural = _("innloggingslenker for gjester")
