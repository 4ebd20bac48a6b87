"""Escalation ladders for cases: Oslo's six forms of collaboration (seed 003), BTI levels 0–3 (seed 000 §3).

A ladder is data (loaded from presets/*.json by a data migration). A case stands on one level of
its ladder (CaseLevel) and every move is kept with its reason (LadderMove). Which ladder a school
uses comes from its routine, else from the school-level default below (SchoolLadder).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.cases.models import Case
from laget.organisations.models import School

User = settings.AUTH_USER_MODEL


class Ladder(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    strict = models.BooleanField(
        _("streng"), default=False, help_text=_("En streng trapp går bare ett nivå opp om gangen.")
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    log_name = models.CharField(
        _("navn på saksloggen"), max_length=100, blank=True, help_text=_("F.eks. «Stafettlogg» i BTI.")
    )

    class Meta:
        verbose_name = _("trapp")
        verbose_name_plural = _("trapper")
        ordering = ["name"]

    def __str__(self):
        return self.name


class LadderLevel(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="levels")
    number = models.SmallIntegerField(_("nivå"))
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    attendees = models.JSONField(_("hvem deltar"), default=list, blank=True)
    optional_attendees = models.JSONField(_("kan også delta"), default=list, blank=True)
    attendees_note = models.TextField(_("merknad om deltakere"), blank=True)
    cadence = models.CharField(_("hyppighet"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nivå")
        verbose_name_plural = _("nivåer")
        ordering = ["ladder", "number"]
        constraints = [models.UniqueConstraint(fields=["ladder", "number"], name="ladder_level_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class SchoolLadder(models.Model):
    """The school's default ladder, used when its routine names none. Null: no ladder."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    ladder = models.ForeignKey(Ladder, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("skolens standardtrapp")
        verbose_name_plural = _("skolenes standardtrapper")


class CaseLevel(models.Model):
    """Where a case stands on its ladder now. The ladder is fixed at the first move."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="ladder_level")
    ladder = models.ForeignKey(Ladder, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(LadderLevel, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)


class LadderMove(models.Model):
    """One move of a case on its ladder, with the reason. Never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ladder_moves")
    ladder = models.ForeignKey(Ladder, on_delete=models.PROTECT, related_name="+")
    from_level = models.ForeignKey(LadderLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_level = models.ForeignKey(LadderLevel, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("begrunnelse"))
    moved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_at", "pk"]

    @property
    def direction(self) -> str:
        if self.from_level is None:
            return "start"
        return "up" if self.to_level.number > self.from_level.number else "down"
