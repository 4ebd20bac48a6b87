"""Owners (skoleeier), schools, resource teams, roles and memberships."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The written standards Laget is in (målform). Must match settings.LANGUAGES."""

    BOKMAL = "nb", "Norsk bokmål"
    NYNORSK = "nn", "Norsk nynorsk"
    ENGLISH = "en", "English"


class Owner(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "kommune", _("Kommune")
        COUNTY = "fylkeskommune", _("Fylkeskommune")

    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY)
    # How long a closed case is kept before it is archived and its personal data purged
    # (laget.privacy.retention). The owner's routine configuration will take this over.
    retention_years = models.PositiveSmallIntegerField(_("oppbevaringstid for avsluttede saker (år)"), default=10)
    language = models.CharField(_("målform"), max_length=5, choices=Language.choices, default=Language.BOKMAL)

    class Meta:
        verbose_name = _("skoleeier")
        verbose_name_plural = _("skoleeiere")

    def __str__(self):
        return self.name


class School(models.Model):
    class Kind(models.TextChoices):
        PRIMARY = "barneskole", _("Barneskole")
        LOWER_SECONDARY = "ungdomsskole", _("Ungdomsskole")
        COMBINED = "kombinert", _("Kombinert skole")
        UPPER_SECONDARY = "vgs", _("Videregående skole")

    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="schools", verbose_name=_("skoleeier"))
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("skoletype"), max_length=20, choices=Kind.choices)
    # Blank: the owner's written standard (organisations.language.school_language).
    language = models.CharField(_("målform"), max_length=5, choices=Language.choices, blank=True)

    class Meta:
        verbose_name = _("skole")
        verbose_name_plural = _("skoler")

    def __str__(self):
        return self.name


class Role(models.Model):
    """A role on a resource team (rektor, PP-rådgiver, helsesykepleier …).

    `leads_team` roles plan meetings and approve minutes; `sees_restricted` roles may
    read restricted sections such as the school nurse's notes.

    `sees_protected_address` roles may see the address, phone and e-mail of a guardian with
    a protected address (fortrolig adresse). No seeded role has it (migration 0004): the
    resource team never needs to reach such a guardian outside the school's ordinary
    channels, and the Folkeregister rules make disclosure a serious harm. A school grants
    it explicitly to the one role that must send letters (e.g. a school office role).
    """

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    leads_team = models.BooleanField(_("leder teamet"), default=False)
    sees_restricted = models.BooleanField(_("ser skjermede notater"), default=False)
    sees_protected_address = models.BooleanField(_("ser fortrolig adresse"), default=False)

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Staff(models.Model):
    """A person employed at a school. Any staff member may file a referral."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff")
    title = models.CharField(_("stilling"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("ansatt")
        verbose_name_plural = _("ansatte")
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="staff_user_school_unique")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.school})"


class OwnerStaff(models.Model):
    """A person working for the school owner (kommune / fylkeskommune), e.g. in the municipality's
    education office. Sees the owner's key figures across its schools — aggregated, never a name
    (laget.reports) — and no school's student data: they are not staff at a school."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owner_staff")
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="staff", verbose_name=_("skoleeier"))
    title = models.CharField(_("stilling"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("ansatt hos skoleeier")
        verbose_name_plural = _("ansatte hos skoleeier")
        constraints = [models.UniqueConstraint(fields=["user", "owner"], name="owner_staff_user_owner_unique")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.owner})"


class Team(models.Model):
    """The resource team (ressursteam) of a school, with its meeting cadence."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="teams", verbose_name=_("skole"))
    name = models.CharField(_("navn"), max_length=200, default=_("Ressursteam"))
    meeting_weekday = models.PositiveSmallIntegerField(_("møtedag (0 = mandag)"), default=1)
    meeting_start = models.TimeField(_("møtestart"), default="12:00")
    meeting_minutes = models.PositiveSmallIntegerField(_("møtelengde (minutter)"), default=120)
    cadence_weeks = models.PositiveSmallIntegerField(_("møte hver … uke"), default=1)
    location = models.CharField(_("møtested"), max_length=200, blank=True)
    system_minutes = models.PositiveSmallIntegerField(_("minutter til systemarbeid"), default=60)
    max_individual_cases = models.PositiveSmallIntegerField(
        _("maks antall individsaker per møte"), null=True, blank=True
    )
    invitation_days_ahead = models.PositiveSmallIntegerField(_("innkalling sendes dager før"), default=3)

    class Meta:
        verbose_name = _("ressursteam")
        verbose_name_plural = _("ressursteam")

    def __str__(self):
        return f"{self.name} – {self.school}"


class Agency(models.Model):
    """A service outside the school's resource team that may be invited to it: the PP service,
    the school health service, child welfare (barnevern), BUP, … (an invited member's or a
    guest's agency).

    What an agency may know about a case follows the guardians' consent for its kind
    (laget.cases.disclosure): PPT, health and child welfare have their own consent scopes;
    any other agency only sees a case named when the consent names this very agency.
    """

    class Kind(models.TextChoices):
        PPT = "ppt", _("PP-tjenesten (PPT)")
        HEALTH = "health", _("Helsetjenesten (helsesykepleier)")
        CHILD_WELFARE = "child_welfare", _("Barneverntjenesten")
        BUP = "bup", _("BUP (barne- og ungdomspsykiatrien)")
        TGL = "tgl", _("TGL – Senter for trygt og godt læringsmiljø")
        FBU = "fbu", _("Senter for flerspråklige barn og unge (FBU)")
        OT = "ot", _("Oppfølgingstjenesten (OT)")
        OTHER = "other", _("Annen instans")

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="agencies", verbose_name=_("skoleeier"))
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="agencies",
        null=True,
        blank=True,
        verbose_name=_("skole"),
        help_text=_("Tom når instansen betjener alle skolene til skoleeieren."),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        verbose_name = _("instans")
        verbose_name_plural = _("instanser")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="agency_owner_name_unique")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Kind(models.TextChoices):
        FIXED = "fast", _("Fast medlem")
        INVITED = "invitert", _("Invitert")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("rolle"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.FIXED)
    # An invited member comes from an agency; what they may know of a case follows the
    # consent for that agency (laget.cases.disclosure), not the team scope.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("instans"),
        help_text=_("For inviterte medlemmer: instansen personen kommer fra."),
    )
    responsibility = models.TextField(_("ansvar"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [models.UniqueConstraint(fields=["team", "user", "role"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.role} ({self.team})"


class UserPreference(models.Model):
    """A user's own choices that outlive a session: the written standard they read Laget in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    # Blank: the school's written standard.
    language = models.CharField(_("målform"), max_length=5, choices=Language.choices, blank=True)

    class Meta:
        verbose_name = _("brukerinnstilling")
        verbose_name_plural = _("brukerinnstillinger")

    def __str__(self):
        return f"{self.user_id}: {self.language or '-'}"
