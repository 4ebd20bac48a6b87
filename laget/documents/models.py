"""What has been filed in the student's archive folder: one row per document version sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.cases.models import Case
from laget.organisations.models import School


class ArchivedDocument(models.Model):
    """One version of one document, filed once. A document that changed since is filed again as a new
    version (never replacing the old one); the unique key makes a second send file nothing."""

    class Kind(models.TextChoices):
        MINUTES_EXTRACT = "minutes_extract", _("Utdrag av møtereferat")
        PLAN = "plan", _("Referat og tiltaksplan")
        REFERRAL = "referral", _("Melding til ressursteam")
        CONSENT = "consent", _("Samtykker")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="archived_documents")
    kind = models.CharField(_("dokument"), max_length=20, choices=Kind.choices)
    # The source: the meeting of an extract, the plan, the referral or the case itself.
    object_id = models.PositiveIntegerField()
    # What the source was when filed: the minutes version, the plan's edit version, the consent count.
    source_version = models.PositiveIntegerField()
    version = models.PositiveSmallIntegerField(_("versjon"))
    title = models.CharField(_("tittel"), max_length=300)
    filename = models.CharField(max_length=200)
    checksum = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    package = models.CharField(_("arkivpakke"), max_length=300)
    archived_at = models.DateTimeField(_("arkivert"))
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("arkivert dokument")
        verbose_name_plural = _("arkiverte dokumenter")
        ordering = ["-archived_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "object_id", "source_version"], name="archived_document_once"
            ),
            models.UniqueConstraint(fields=["case", "kind", "object_id", "version"], name="archived_document_version"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} v{self.version}"
