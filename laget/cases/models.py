"""Referrals, consent, cases, action plans, measures, evaluations and the case timeline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.organisations.models import School
from laget.students.models import Guardian, Student

User = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    INDIVIDUAL = "individ", _("Individsak")
    SYSTEM = "system", _("Systemsak")


class Case(models.Model):
    """The life of one concern, from first concern to closure or referral onward."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen")
        CLOSED = "closed", _("Avsluttet")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Løst")
        CONTINUED = "continued", _("Videreført i ordinær oppfølging")
        PPT = "ppt", _("Henvist til PPT")
        OTHER_SERVICE = "other_service", _("Henvist til annen tjeneste")

    class Area(models.TextChoices):
        """The legal area of a case; decides what retention must keep (laget.privacy.retention)."""

        SCHOOL_ENVIRONMENT = "kap12", _("Skolemiljø (opplæringslova kap. 12)")
        ADAPTED_EDUCATION = "kap11", _("Tilpasset og individuelt tilrettelagt opplæring (kap. 11)")
        LANGUAGE = "sprak", _("Særskilt språkopplæring")
        ATTENDANCE = "naervaer", _("Skolenærvær")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="cases")
    number = models.PositiveIntegerField(_("saksnummer"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    student = models.ForeignKey(Student, on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    title = models.CharField(_("tema"), max_length=200, blank=True)
    first_concern_date = models.DateField(_("dato for første bekymring"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("kommentar til utfall"), blank=True)
    closed_on = models.DateField(_("avsluttet dato"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    area = models.CharField(_("område"), max_length=10, choices=Area.choices, blank=True)
    retain_reason = models.TextField(
        _("grunn til å oppbevare saken"),
        blank=True,
        help_text=_("F.eks. enkeltvedtak eller IOP som skal arkiveres. Saken slettes da ikke etter oppbevaringstiden."),
    )
    # Set by retention when the student link is removed, so key figures keep the grade.
    grade = models.PositiveSmallIntegerField(_("trinn"), null=True, blank=True)
    archived_at = models.DateTimeField(_("arkivert"), null=True, blank=True)
    archive_name = models.CharField(_("arkivpakke"), max_length=200, blank=True)
    # The routine version the case ran under (set by referral_submit); editing the routine later
    # does not change the rules the case was handled by.
    routine_version = models.ForeignKey(
        "routines.RoutineVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("rutineversjon"),
    )
    purged_at = models.DateTimeField(_("personopplysninger slettet"), null=True, blank=True)

    class Meta:
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        ordering = ["-first_concern_date", "-number"]
        constraints = [models.UniqueConstraint(fields=["school", "number"], name="case_school_number_unique")]

    def __str__(self):
        return f"Sak {self.number}"


class Referral(models.Model):
    """Melding til ressursteam (seed 000), every field of the form. Drafts are kept."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Sendt inn")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(_("type melding"), max_length=10, choices=Kind.choices, default=Kind.INDIVIDUAL)
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals", verbose_name=_("elev")
    )
    title = models.CharField(_("tema"), max_length=200, blank=True)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="referral")
    challenges = models.JSONField(_("hva er utfordringene"), default=list, blank=True)
    challenge_other = models.CharField(_("annet, beskriv"), max_length=300, blank=True)
    social_description = models.TextField(_("beskrivelse av eleven sosialt"), blank=True)
    working_methods = models.TextField(_("beskrivelse av elevens arbeidsmåter"), blank=True)
    mapping_results = models.TextField(_("beskrivelse av kartlegging og observasjoner – resultat"), blank=True)
    strengths = models.TextField(_("beskrivelse av elevens sterke sider"), blank=True)
    learning_environment = models.TextField(_("læringsmiljøet i klassen"), blank=True)
    referral_date = models.DateField(_("dato"), null=True, blank=True)
    first_concern_date = models.DateField(_("dato for første bekymring"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("melding til ressursteam")
        verbose_name_plural = _("meldinger til ressursteam")
        ordering = ["-created_at"]


class TriedMeasure(models.Model):
    """A row of the referral's table of measures tried in adapted education (TPO)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="tried_measures")
    position = models.PositiveSmallIntegerField(default=0)
    measure = models.TextField(_("tiltak"))
    period = models.CharField(_("tidsrom"), max_length=100, blank=True)
    assessment = models.TextField(_("kontaktlærers vurdering av utprøvde tiltak"), blank=True)

    class Meta:
        ordering = ["position", "pk"]


def attachment_path(instance, filename):
    return f"attachments/{instance.school_id}/{instance.referral_id or 'case'}/{filename}"


class Attachment(models.Model):
    """An attached mapping result, national test print-out etc. Served only through access-checked views."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("filnavn"), max_length=200)
    description = models.CharField(_("beskrivelse"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)


class ConsentScope(models.TextChoices):
    TEAM = "team", _("Drøfting i ressursteam")
    PPT = "ppt", _("Deling med PPT")
    HEALTH = "health", _("Deling med helsetjenesten")
    CHILD_WELFARE = "child_welfare", _("Deling med barnevernet")


# The consent scope that covers an agency of each kind (laget.organisations.models.Agency.Kind).
# Kinds not listed (BUP, TGL, …) see a case named only when the consent names the agency itself
# (Consent.agencies).
AGENCY_KIND_SCOPES = {
    "ppt": ConsentScope.PPT,
    "health": ConsentScope.HEALTH,
    "child_welfare": ConsentScope.CHILD_WELFARE,
}


def consent_scope_for_agency_kind(kind: str) -> str | None:
    """The consent scope for an agency kind, or None when only a consent naming the agency covers it."""
    return AGENCY_KIND_SCOPES.get(kind)


def consent_path(instance, filename):
    return f"consents/{instance.case.school_id}/{instance.case_id}/{filename}"


class Consent(models.Model):
    """One recorded decision by a guardian: given, refused or withdrawn. Never edited; a change is a new row."""

    class Status(models.TextChoices):
        GIVEN = "given", _("Gitt")
        REFUSED = "refused", _("Nektet")
        WITHDRAWN = "withdrawn", _("Trukket tilbake")

    class Method(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signert samtykkeskjema")
        DIGITAL = "digital", _("Digitalt (f.eks. via skolens meldingssystem)")
        MEETING = "meeting", _("Muntlig i møte, notert")
        PHONE = "phone", _("Muntlig på telefon, notert")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    # A child's consent is given by the guardians; from 18 the student decides alone
    # (given_by_student, guardian empty) and the guardians are no longer told.
    guardian = models.ForeignKey(
        Guardian, on_delete=models.PROTECT, related_name="consents", verbose_name=_("foresatt"), null=True, blank=True
    )
    given_by_student = models.BooleanField(_("gitt av eleven selv (over 18 år)"), default=False)
    status = models.CharField(_("samtykke"), max_length=10, choices=Status.choices)
    scopes = models.JSONField(_("samtykket gjelder"), default=list)
    # Sharing with a named agency outside the scopes above (BUP, TGL, …; laget.cases.disclosure).
    agencies = models.ManyToManyField(
        "organisations.Agency", blank=True, related_name="consents", verbose_name=_("deling med navngitte instanser")
    )
    date = models.DateField(_("dato"))
    method = models.CharField(_("innhentet ved"), max_length=20, choices=Method.choices, blank=True)
    expires_on = models.DateField(_("gyldig til"), null=True, blank=True)
    scanned_form = models.FileField(_("skannet skjema"), upload_to=consent_path, blank=True)
    note = models.TextField(_("merknad"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["date", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(given_by_student=True, guardian__isnull=True)
                | models.Q(given_by_student=False, guardian__isnull=False),
                name="consent_by_guardian_or_student",
            )
        ]


class ActionPlan(models.Model):
    """Referat og tiltaksplan (seed 000): the team's conclusion on a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="action_plans")
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="action_plans"
    )
    date_discussed = models.DateField(_("dato for drøfting"))
    date_reviewed_with_guardians = models.DateField(_("dato tiltak gjennomgått med foresatte"), null=True, blank=True)
    evaluation_date = models.DateField(_("dato evaluering av tiltak"), null=True, blank=True)
    present = models.TextField(_("tilstede i ressursteam"), blank=True)
    absent = models.TextField(_("forfall"), blank=True)
    referent = models.CharField(_("referent"), max_length=200, blank=True)
    challenges = models.JSONField(_("problemstilling"), default=list, blank=True)
    challenge_other = models.TextField(_("annet som blir nevnt"), blank=True)
    main_challenge = models.TextField(_("hovedutfordring"), blank=True)
    main_goal = models.TextField(_("hovedmål"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("tiltaksplan")
        verbose_name_plural = _("tiltaksplaner")
        ordering = ["-date_discussed", "-pk"]


class Measure(models.Model):
    """Tiltak: always with an owner and an evaluation date (rule 5)."""

    class Level(models.TextChoices):
        INDIVIDUAL = "individ", _("Individnivå")
        SYSTEM = "system", _("Systemnivå")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Pågår")
        EVALUATED = "evaluated", _("Evaluert")
        STOPPED = "stopped", _("Avsluttet")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="measures")
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    description = models.TextField(_("avtalt tiltak"))
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="owned_measures", verbose_name=_("ansvar"))
    start_date = models.DateField(_("fra dato"), null=True, blank=True)
    evaluation_date = models.DateField(_("evalueringsdato"))
    level = models.CharField(_("nivå"), max_length=10, choices=Level.choices, default=Level.INDIVIDUAL)
    staff_benefiting = models.PositiveIntegerField(_("antall ansatte som får nytte av tiltaket"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["evaluation_date", "pk"]
        indexes = [
            models.Index(fields=["evaluation_date"], condition=models.Q(status="active"), name="measure_active_due")
        ]


class Evaluation(models.Model):
    class Effect(models.TextChoices):
        GOOD = "good", _("God effekt")
        SOME = "some", _("Noe effekt")
        NONE = "none", _("Ingen effekt")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evaluations")
    effect = models.CharField(_("effekt"), max_length=10, choices=Effect.choices)
    assessment = models.TextField(_("vurdering"))
    date = models.DateField(_("dato"))
    continue_measure = models.BooleanField(_("tiltaket videreføres"), default=False)
    evaluated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]


class HealthNote(models.Model):
    """A restricted section: readable only by roles the routine allows (the school nurse)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="health_notes")
    text = models.TextField(_("notat"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class TimelineEntry(models.Model):
    """One thing that happened in a case, in order (like a stafettlogg). Written by services."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="timeline")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, null=True, blank=True, related_name="timeline")
    at = models.DateTimeField()
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    restricted = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]


class ReferralNotice(models.Model):
    """One e-mail telling a team lead of a new referral; the unique key makes the send idempotent."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "user"], name="referral_notice_unique")]
