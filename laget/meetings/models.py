"""Meetings, their agenda in parts, attendance, minutes (with versions) and the task log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laget.cases.models import Case, Measure
from laget.organisations.models import School, Team

User = settings.AUTH_USER_MODEL


class Meeting(models.Model):
    class Kind(models.TextChoices):
        RESOURCE_TEAM = "ressursteam", _("Ressursteammøte")
        INTERDISCIPLINARY = "tverrfaglig", _("Tverrfaglig møte")
        RESPONSIBILITY_GROUP = "ansvarsgruppe", _("Ansvarsgruppemøte")
        TRANSITION = "overgang", _("Overgangsmøte")
        TRIANGLE = "triangel", _("Klasselærerråd / triangelmøte")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        INVITED = "invited", _("Innkalling sendt")
        STARTED = "started", _("Pågår")
        HELD = "held", _("Gjennomført")
        APPROVED = "approved", _("Referat godkjent")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("team"))
    kind = models.CharField(_("møtetype"), max_length=20, choices=Kind.choices, default=Kind.RESOURCE_TEAM)
    # The routine's own name for the type when the meeting was planned (Sandnes: "Ressursgruppemøte").
    kind_name = models.CharField(_("møtetypens navn i rutinen"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("tidspunkt"))
    duration_minutes = models.PositiveSmallIntegerField(_("varighet (minutter)"), default=120)
    location = models.CharField(_("sted"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    series = models.UUIDField(null=True, blank=True, db_index=True)
    invitation_sent_at = models.DateTimeField(_("innkalling sendt"), null=True, blank=True)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    # Each send of the invitation is a round; a retried task never sends twice within one round.
    invitation_round = models.PositiveSmallIntegerField(default=0)
    # Ansvarsgruppemøte: the guardians decide who takes part (seed 003); who they chose, in words.
    participants_note = models.TextField(_("deltakere (avtalt med foresatte)"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["team", "starts_at"], name="meeting_team_starts")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%d.%m.%Y}"

    def get_kind_display(self) -> str:
        """The routine's name for the meeting type, else the generic one."""
        return self.kind_name or str(self.Kind(self.kind).label if self.kind in self.Kind.values else self.kind)

    @property
    def school(self) -> School:
        return self.team.school

    @property
    def in_progress(self) -> bool:
        """Started or held, minutes not approved: attendance, minutes and the log may be written."""
        return self.status in (self.Status.STARTED, self.Status.HELD)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def ends_at(self):
        import datetime

        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class AgendaItem(models.Model):
    class Part(models.IntegerChoices):
        SYSTEM = 1, _("Systemarbeid")
        INDIVIDUAL = 2, _("Individarbeid")
        MAPPING = 3, _("Felles gjennomgang av kartlegginger")

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Tema")
        CASE = "case", _("Sak")
        TASK_FOLLOWUP = "task", _("Oppfølging av oppgave")
        EVALUATION = "evaluation", _("Evaluering av tiltak")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    part = models.PositiveSmallIntegerField(_("del"), choices=Part.choices, default=Part.SYSTEM)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TOPIC)
    title = models.CharField(_("tittel"), max_length=300, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items")
    task = models.ForeignKey("Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items")
    measure = models.ForeignKey(Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items")
    preparer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("forbereder")
    )
    # Staff outside the team invited to this item only: the referring teacher and the student's contact
    # teachers ("I tillegg stiller relevant kontaktlærer", Hustadvika's and Bærum's routines).
    participants = models.ManyToManyField(
        User, blank=True, related_name="agenda_item_invitations", verbose_name=_("inviterte til punktet")
    )
    minutes = models.PositiveSmallIntegerField(_("tid (minutter)"), default=10)
    notes = models.TextField(_("referat"), blank=True)
    notes_version = models.PositiveIntegerField(default=0)
    notes_updated_at = models.DateTimeField(null=True, blank=True)
    notes_updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Checked when the item itself (title, time box, preparer) is edited, so two leads never overwrite each other.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["part", "position", "pk"]
        constraints = [
            # A task or measure is followed up at most once per meeting (agenda_carry_over may run concurrently).
            models.UniqueConstraint(
                fields=["meeting", "task"], condition=models.Q(task__isnull=False), name="agenda_item_task_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "measure"],
                condition=models.Q(measure__isnull=False),
                name="agenda_item_measure_once",
            ),
        ]

    @property
    def is_automatic(self) -> bool:
        """Task follow-ups and measure evaluations are put on the agenda by the system."""
        return self.kind in (self.Kind.TASK_FOLLOWUP, self.Kind.EVALUATION)


class Attendance(models.Model):
    class Status(models.TextChoices):
        EXPECTED = "expected", _("Ikke registrert")
        PRESENT = "present", _("Til stede")
        ABSENT = "absent", _("Forfall")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("oppmøte"), max_length=10, choices=Status.choices, default=Status.EXPECTED)
    is_referent = models.BooleanField(_("referent"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique")]


class Task(models.Model):
    """The log with owner and deadline (logg med ansvar og frister). Owner and deadline are required (rule 5)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="tasks")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    title = models.CharField(_("oppgave"), max_length=300)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("ansvarlig"))
    deadline = models.DateField(_("frist"))
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("oppgave")
        verbose_name_plural = _("oppgaver")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["team", "deadline"], condition=models.Q(done_at__isnull=True), name="task_open_due")
        ]


class MinutesVersion(models.Model):
    """An approved version of a meeting's minutes, frozen. A later change is a new version."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_unique")]


class InvitationDelivery(models.Model):
    """One invitation e-mail to one recipient; the unique key makes the send idempotent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    email = models.EmailField()
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user", "round"], name="invitation_delivery_unique")]


from .models_guest import GuestInvitation, GuestSignIn  # noqa: E402, F401  (guest access lives in its own module)
