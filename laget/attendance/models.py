"""Attendance follow-up (nærværsoppfølging): absence records, the ladder (tiltakstrappa) as data,
follow-ups that walk it, and the rows of the student follow-up form (seed 004 §11)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.organisations.models import Owner, School
from laget.students.models import Student

User = settings.AUTH_USER_MODEL

FOLLOWER_ROLE = "narvaerfolger"
CONTACT_TEACHER = "kontaktlaerer"  # not a team role: the student's class gives it


class Ladder(models.Model):
    """A routine's attendance ladder. A school uses its own, else its owner's, else the shared preset."""

    code = models.SlugField(_("kode"), max_length=50)
    name = models.CharField(_("navn"), max_length=200)
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    threshold = models.PositiveSmallIntegerField(
        _("terskel (antall udokumenterte fravær)"),
        default=3,
        help_text=_("Så mange udokumenterte fravær utløser en bekymring."),
    )
    strict = models.BooleanField(_("ingen trinn kan hoppes over"), default=True)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("tiltakstrapp")
        verbose_name_plural = _("tiltakstrapper")
        constraints = [
            models.UniqueConstraint(fields=["code", "owner", "school"], name="ladder_code_scope_unique"),
        ]

    def __str__(self):
        return self.name


class LadderStep(models.Model):
    class Phase(models.TextChoices):
        PREVENTIVE = "preventive", _("Forebyggende")
        FOLLOW_UP = "follow_up", _("Tiltak for å fremme nærvær")

    class DeadlineRule(models.TextChoices):
        SAME_DAY = "same_day", _("Samme dag som fraværet")
        AFTER_PREVIOUS = "after_previous", _("Antall dager etter forrige trinn")
        AFTER_ABSENCE = "after_absence", _("Antall dager etter fraværet")
        NONE = "none", _("Ingen frist")

    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("trinn"))
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices, default=Phase.FOLLOW_UP)
    owner_role = models.CharField(
        _("ansvarlig rolle (kode)"), max_length=50, blank=True, help_text=_("Rollekode, eller «kontaktlaerer».")
    )
    owner_label = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    deadline_rule = models.CharField(_("fristregel"), max_length=16, choices=DeadlineRule.choices, default="none")
    deadline_days = models.PositiveSmallIntegerField(_("frist (dager)"), default=0)
    evaluation_after_days = models.PositiveSmallIntegerField(_("evalueres etter (dager)"), null=True, blank=True)

    class Meta:
        ordering = ["ladder", "number"]
        constraints = [models.UniqueConstraint(fields=["ladder", "number"], name="ladder_step_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Absence(models.Model):
    """One student's absence on one day. One row per student and day, so a re-import is idempotent."""

    class Kind(models.TextChoices):
        UNDOCUMENTED = "undocumented", _("Udokumentert")
        DOCUMENTED = "documented", _("Dokumentert")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Registrert for hånd")
        IMPORT = "import", _("Importert")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="absences", verbose_name=_("elev"))
    date = models.DateField(_("dato"))
    kind = models.CharField(_("type fravær"), max_length=12, choices=Kind.choices)
    hours = models.DecimalField(
        _("timer"), max_digits=4, decimal_places=1, null=True, blank=True, help_text=_("Tomt betyr hele dagen.")
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fravær")
        verbose_name_plural = _("fravær")
        ordering = ["-date", "pk"]
        constraints = [models.UniqueConstraint(fields=["student", "date"], name="absence_student_date_unique")]

    @property
    def whole_day(self) -> bool:
        return self.hours is None


class FollowUp(models.Model):
    """A student's walk up the ladder, opened by the absence that crossed the threshold."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        CLOSED = "closed", _("Avsluttet")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="attendance_followups")
    ladder = models.ForeignKey(Ladder, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("fravær som utløste bekymringen"))
    trigger_absence = models.ForeignKey(Absence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    follower = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("nærværsoppfølger")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="attendance_followups"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("avsluttet"), null=True, blank=True)
    closed_note = models.TextField(_("begrunnelse for avslutning"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nærværsoppfølging")
        verbose_name_plural = _("nærværsoppfølginger")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"], condition=models.Q(status="open"), name="followup_one_open_per_student"
            )
        ]


class StepRecord(models.Model):
    """What was done on one step of the ladder, when, and its evaluation."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="records")
    step = models.ForeignKey(LadderStep, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("dato"))
    what_done = models.TextField(_("hva ble gjort"))
    evaluation = models.TextField(_("evaluering"), blank=True)
    evaluated_on = models.DateField(_("evaluert dato"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step__number"]
        constraints = [models.UniqueConstraint(fields=["followup", "step"], name="step_record_unique")]


class FormEntry(models.Model):
    """A row of the student follow-up form (Elevskjema for nærværsoppfølging): Dato / Tiltak / Kommentar."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="attendance_form_entries")
    date = models.DateField(_("dato"))
    measure = models.CharField(_("tiltak"), max_length=300)
    comment = models.TextField(_("kommentar"), blank=True)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
