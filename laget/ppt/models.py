"""The PPT process: a school's routine for it, and one process per referral to PPT.

The chain (seed 004, "Rutinebeskrivelse samhandling skole og PPT") is a fixed order of steps;
who is responsible for each step, the IEP deadline and whether the half-year report is kept
come from the school's (or owner's) PptRoutine. A process copies those values when it starts,
so a later change of routine never moves a running deadline.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.cases.models import Case
from laget.organisations.models import Owner, School

User = settings.AUTH_USER_MODEL


class Step(models.TextChoices):
    """The chain in order. Reports (half-year, annual) recur and live in PptReport."""

    REFERRAL_DRAFTED = "referral_drafted", _("Henvisning utarbeidet")
    DEPARTMENT_APPROVED = "department_approved", _("Henvisning godkjent av avdelingsleder")
    PRINCIPAL_APPROVED = "principal_approved", _("Henvisning godkjent av rektor")
    SENT = "sent", _("Henvisning sendt til PPT")
    ASSESSMENT_RECEIVED = "assessment_received", _("Sakkyndig vurdering mottatt")
    DECISION_DRAFTED = "decision_drafted", _("Enkeltvedtak utformet")
    DECISION_APPROVED = "decision_approved", _("Enkeltvedtak godkjent av rektor")
    IEP_DONE = "iep_done", _("IOP utarbeidet")


STEP_ORDER = list(Step.values)


class ReportKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Halvårsrapport")
    ANNUAL = "annual", _("Årsrapport")


class PptRoutine(models.Model):
    """A school's or owner's PPT routine (configuration as data until the routine-configuration issue).

    `roles` maps each Step (and "reports") to an organisations.Role code.
    """

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, null=True, blank=True, related_name="ppt_routines")
    school = models.OneToOneField(School, on_delete=models.CASCADE, null=True, blank=True, related_name="ppt_routine")
    preset = models.CharField(_("mal"), max_length=40, blank=True)
    roles = models.JSONField(_("ansvarlig rolle per steg"), default=dict)
    iep_days = models.PositiveSmallIntegerField(_("frist for IOP (dager etter enkeltvedtak)"), default=21)
    step_days = models.PositiveSmallIntegerField(
        _("frist for godkjenning, sending og vedtak (dager etter forrige steg)"), default=14
    )
    keep_half_year_report = models.BooleanField(_("halvårsrapport 31.01"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("PPT-rutine")
        verbose_name_plural = _("PPT-rutiner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner__isnull=False) | models.Q(school__isnull=False), name="ppt_routine_has_scope"
            ),
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(school__isnull=True), name="ppt_routine_one_per_owner"
            ),
        ]

    def __str__(self):
        return str(self.school or self.owner)


def ppt_file_path(instance, filename):
    return f"ppt/{instance.school_id}/{instance.case_id}/{filename}"


class PptProcess(models.Model):
    """One referral to PPT and everything after it, for one case."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Pågår")
        ENDED = "ended", _("Avsluttet")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="ppt_processes")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    referral_reason = models.TextField(_("hva skolen ønsker at PPT skal vurdere"), blank=True)
    pedagogical_report = models.TextField(_("pedagogisk rapport"), blank=True)
    pedagogical_report_file = models.FileField(_("pedagogisk rapport (vedlegg)"), upload_to=ppt_file_path, blank=True)
    # Rule 6: why the referral goes ahead without tried and evaluated measures or a pedagogical report.
    exception_reason = models.TextField(_("begrunnelse for unntak"), blank=True)
    exception_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    exception_at = models.DateTimeField(null=True, blank=True)
    # Copied from the routine when the process starts.
    roles = models.JSONField(default=dict)
    iep_days = models.PositiveSmallIntegerField()
    step_days = models.PositiveSmallIntegerField()
    keep_half_year_report = models.BooleanField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("PPT-prosess")
        verbose_name_plural = _("PPT-prosesser")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="active"), name="ppt_one_active_process_per_case"
            )
        ]

    def __str__(self):
        return f"PPT-prosess {self.pk} (sak {self.case_id})"


def ppt_step_path(instance, filename):
    return f"ppt/{instance.process.school_id}/{instance.process.case_id}/{filename}"


class PptStep(models.Model):
    """A step of the chain, done: who and when, with the step's own date, note and file."""

    process = models.ForeignKey(PptProcess, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=30, choices=Step.choices)
    date = models.DateField(_("dato"))
    note = models.TextField(_("merknad"), blank=True)
    file = models.FileField(_("vedlegg"), upload_to=ppt_step_path, blank=True)
    done_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "step"], name="ppt_step_once")]


class PptReport(models.Model):
    """A half-year (31.01) or annual (30.05) report on the IEP, one per kind and school year."""

    process = models.ForeignKey(PptProcess, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=ReportKind.choices)
    due = models.DateField(_("frist"))
    done_on = models.DateField(_("levert"))
    done_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        constraints = [models.UniqueConstraint(fields=["process", "kind", "due"], name="ppt_report_once")]

    @property
    def school_year(self) -> str:
        start = self.due.year - 1  # both reports fall in the spring of the school year
        return f"{start}/{str(start + 1)[-2:]}"
