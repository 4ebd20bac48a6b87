"""The annual wheel (årshjul) and the routine descriptions (rutinebeskrivelser, Breivang template).

A WheelItem recurs every school year (August → July) in a month, optionally in a given week or
on a given day, and creates one thing when the year is materialised: a meeting of a type, an
agenda item on the first resource-team meeting of the month, or a task with a deadline.
A WheelRun records what one item created in one school year, so materialising is idempotent.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.meetings.models import AgendaItem, Meeting, Task
from laget.organisations.models import Role, School

User = settings.AUTH_USER_MODEL

# School-year order of the months: August first.
SCHOOL_MONTHS = [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7]


class WheelItem(models.Model):
    class Creates(models.TextChoices):
        MEETING = "meeting", _("Møte")
        AGENDA = "agenda", _("Punkt på ressursteammøtet")
        TASK = "task", _("Oppgave med frist")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="wheel_items")
    month = models.PositiveSmallIntegerField(_("måned"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    week = models.PositiveSmallIntegerField(
        _("uke"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(53)]
    )
    day = models.PositiveSmallIntegerField(
        _("dag"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    title = models.CharField(_("tittel"), max_length=200)
    creates = models.CharField(_("lager"), max_length=10, choices=Creates.choices, default=Creates.AGENDA)
    meeting_kind = models.CharField(
        _("møtetype"), max_length=20, choices=Meeting.Kind.choices, default=Meeting.Kind.RESOURCE_TEAM
    )
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ansvarlig")
    )
    owner_role = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ansvarlig rolle")
    )
    from_routine = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("punkt i årshjulet")
        verbose_name_plural = _("årshjul")

    def __str__(self):
        return self.title

    @property
    def school_month_index(self) -> int:
        return SCHOOL_MONTHS.index(self.month)


class WheelRun(models.Model):
    """What one wheel item created in one school year (the year it starts, e.g. 2026 for 2026/27)."""

    item = models.ForeignKey(WheelItem, on_delete=models.CASCADE, related_name="runs")
    year = models.PositiveSmallIntegerField()
    due = models.DateField()
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "year"], name="wheel_run_unique")]


class RoutineDescription(models.Model):
    """A routine description on Breivang's template (seed 004 §10). No student data; school-internal."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="routine_descriptions")
    topic = models.CharField(_("Tema"), max_length=200)
    written_by = models.CharField(_("Skrevet av"), max_length=200, blank=True)
    approved_by = models.CharField(_("Godkjent av"), max_length=200, blank=True, default=_("Lederteamet"))
    last_updated = models.DateField(_("Sist oppdatert"), null=True, blank=True)
    legal_basis = models.CharField(_("Opplæringsloven §"), max_length=200, blank=True)
    purpose = models.TextField(_("Formål og hjemmel"), blank=True)
    audience = models.TextField(_("Målgruppe"), blank=True)
    timing = models.TextField(_("Tidspunkt for utførelse av prosedyren"), blank=True)
    result = models.TextField(_("Hvilket resultat som skal oppnås"), blank=True)
    general_comments = models.TextField(_("Generelle kommentarer"), blank=True)
    external_references = models.TextField(_("Eksterne referanser"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("rutinebeskrivelse")
        verbose_name_plural = _("rutinebeskrivelser")
        ordering = ["topic", "pk"]

    def __str__(self):
        return self.topic


class RoutineActivity(models.Model):
    """One row of «Beskrivelse av aktiviteter og oppgaver som inngår i denne rutinen»."""

    description = models.ForeignKey(RoutineDescription, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(_("Nr"))
    activity = models.TextField(_("Aktiviteter og oppgaver"))
    owner = models.CharField(_("Ansvarlig"), max_length=200, blank=True)
    collaboration = models.CharField(_("Nødvendig samarbeid"), max_length=300, blank=True)
    comment = models.TextField(_("Kommentar"), blank=True)

    class Meta:
        ordering = ["number", "pk"]
