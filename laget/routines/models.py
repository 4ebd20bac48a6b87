"""The routine as data: an owner's or school's configured routine, versioned.

Editing a routine never changes a stored version; it adds a new one. Cases keep the version
they ran under (`cases.Case.routine_version`), so a case can always be read against the rules
that applied when it was opened. The keys of `RoutineVersion.data` are documented in
`laget.routines.selectors`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.organisations.models import Owner, School


class Routine(models.Model):
    owner = models.ForeignKey(
        Owner, on_delete=models.CASCADE, null=True, blank=True, related_name="routines", verbose_name=_("skoleeier")
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="routines", verbose_name=_("skole")
    )
    name = models.CharField(_("navn"), max_length=200)
    preset = models.CharField(_("mal"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("rutine")
        verbose_name_plural = _("rutiner")

    def __str__(self):
        return self.name

    @property
    def current(self):
        return self.versions.order_by("-number").first()


class RoutineVersion(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="versions", verbose_name=_("rutine"))
    number = models.PositiveIntegerField(_("versjon"))
    data = models.JSONField(_("innhold"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rutineversjon")
        verbose_name_plural = _("rutineversjoner")
        ordering = ["routine", "-number"]
        constraints = [models.UniqueConstraint(fields=["routine", "number"], name="routine_version_unique")]

    def __str__(self):
        return f"{self.routine} v{self.number}"


class RoutineAssignment(models.Model):
    """Which routine a school runs. Its current rules are the routine's latest version."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="routine_assignment", verbose_name=_("skole")
    )
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="assignments")
    assigned_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rutinetildeling")
        verbose_name_plural = _("rutinetildelinger")

    def __str__(self):
        return f"{self.school}: {self.routine}"
