"""Students (elever), their classes and guardians (foresatte)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.organisations.models import School


class SchoolClass(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="classes", verbose_name=_("skole"))
    name = models.CharField(_("klasse"), max_length=20)
    grade = models.PositiveSmallIntegerField(_("trinn"))
    contact_teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="contact_classes", blank=True, verbose_name=_("kontaktlærere")
    )

    class Meta:
        verbose_name = _("klasse")
        verbose_name_plural = _("klasser")
        ordering = ["grade", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="class_school_name_unique")]

    def __str__(self):
        return self.name


class Student(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="students", verbose_name=_("skole"))
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("etternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"))
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="students", verbose_name=_("klasse")
    )
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    lives_away_from_home = models.BooleanField(_("hybelboer"), default=False)
    # Keys from the school's register (laget.students.register_ids): keyed hashes, never the number
    # itself. The register's own student number is scoped to the owner; the national identity number
    # (fødselsnummer) is hashed without scope, so a later guardian or student login can be matched.
    register_key = models.CharField(_("nøkkel fra elevregisteret"), max_length=64, blank=True, editable=False)
    national_id_key = models.CharField(_("nøkkel for fødselsnummer"), max_length=64, blank=True, editable=False)
    # Set by the register import when a student is no longer in the school's file: marked as left,
    # never deleted (their cases and the access log still point at them).
    left_on = models.DateField(_("sluttet"), null=True, blank=True)

    class Meta:
        verbose_name = _("elev")
        verbose_name_plural = _("elever")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["school", "register_key"], name="student_school_register_key"),
            models.Index(fields=["school", "national_id_key"], name="student_school_national_key"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def grade(self) -> int:
        return self.school_class.grade


class Guardian(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("elev"))
    name = models.CharField(_("navn"), max_length=200)
    relation = models.CharField(_("relasjon"), max_length=50, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    protected_address = models.BooleanField(
        _("fortrolig adresse"),
        default=False,
        help_text=_("Adresse og kontaktopplysninger skal ikke vises eller skrives ut."),
    )
    national_id_key = models.CharField(_("nøkkel for fødselsnummer"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("foresatt")
        verbose_name_plural = _("foresatte")

    def __str__(self):
        return self.name


class RegisterImport(models.Model):
    """One upload of the school's register file, kept between preview and confirmation.

    `payload` holds the parsed rows with identity numbers already replaced by keyed hashes, so
    nothing typed is lost between the steps and no national identity number is ever stored. It is
    emptied when the import is applied or replaced by a newer upload."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter på bekreftelse")
        APPLIED = "applied", _("Importert")
        DISCARDED = "discarded", _("Forkastet")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="register_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("filnavn"), max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    payload = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import fra elevregisteret")
        verbose_name_plural = _("importer fra elevregisteret")
        ordering = ["-uploaded_at"]
