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

    class Meta:
        verbose_name = _("elev")
        verbose_name_plural = _("elever")
        ordering = ["last_name", "first_name"]

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

    class Meta:
        verbose_name = _("foresatt")
        verbose_name_plural = _("foresatte")

    def __str__(self):
        return self.name
