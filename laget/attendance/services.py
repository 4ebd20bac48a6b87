"""Writes for attendance follow-up: named domain actions, one transaction each, with the access
log and a timeline entry inside (rule 4). Timeline summaries never name the student (rule 3)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases.models import Case, Kind
from laget.cases.timeline import timeline_add
from laget.meetings.services import agenda_case_enqueue
from laget.organisations.access import Access
from laget.organisations.models import School

from . import ladder as ladder_rules
from .models import Absence, FollowUp, FormEntry, LadderStep, StepRecord
from .presets import preset_load
from .selectors import followers_of, ladder_steps, may_work, undocumented_since_last_closed

CASE_STEP = 7  # «Meld til internt ressursteam»: the step that brings the case to the team


def _require_may_work(access: Access, student) -> None:
    if not may_work(access, student):
        raise PermissionDenied(_("Du har ikke tilgang til å registrere fravær for denne eleven."))


def absence_register(
    *,
    access: Access,
    student,
    date: datetime.date,
    kind: str,
    hours=None,
    note: str | None = None,
    source: str = Absence.Source.MANUAL,
) -> tuple[Absence, str, FollowUp | None]:
    """Register a student's absence for one day (one row per student and day: registering the same
    day again updates it, so a re-import changes nothing; `note=None` keeps the existing note).
    If the absence brings the student's undocumented absences to the ladder's threshold, a
    follow-up opens in the same transaction.
    Returns (absence, "created" | "updated" | "unchanged", the follow-up opened or None)."""
    _require_may_work(access, student)
    with transaction.atomic():
        absence = Absence.objects.select_for_update().filter(student=student, date=date).first()
        if absence is None:
            absence = Absence(school_id=student.school_id, student=student, date=date, registered_by=access.user)
            outcome = "created"
        elif absence.kind == kind and _same_hours(absence.hours, hours) and note in (None, absence.note):
            return absence, "unchanged", None
        else:
            outcome = "updated"
        absence.kind, absence.hours = kind, hours
        if note is not None:  # an import has no note column: it keeps the note typed by hand
            absence.note = note
        absence.source = source
        absence.full_clean()
        absence.save()
        timeline_add(
            student=student,
            school=student.school,
            kind="absence.registered",
            summary=_("Fravær registrert %(date)s: %(kind)s")
            % {"date": date.strftime("%d.%m.%Y"), "kind": absence.get_kind_display().lower()},
            actor=access.user,
        )
        access.log(action="absence.register", school_id=student.school_id, student_id=student.pk, obj=absence)
        followup = _open_if_threshold_reached(access=access, student=student, absence=absence)
    return absence, outcome, followup


def _same_hours(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return float(a) == float(b)


def _open_if_threshold_reached(*, access: Access, student, absence: Absence) -> FollowUp | None:
    """Rule: N undocumented absences (Breivang: 3) open a concern that requires measures — once per
    open follow-up; absences before the last closed follow-up do not count again."""
    if absence.kind != Absence.Kind.UNDOCUMENTED:
        return None
    # Lock the student's row so two registrations at once cannot both open a follow-up.
    type(student).objects.select_for_update().filter(pk=student.pk).first()
    if FollowUp.objects.filter(student=student, status=FollowUp.Status.OPEN).exists():
        return None
    ladder = ladder_rules.ladder_for_school(student.school) or preset_load(ladder_rules.DEFAULT_PRESET)
    if undocumented_since_last_closed(student) < ladder.threshold:
        return None
    followers = followers_of(student.school_id)
    followup = FollowUp(
        school_id=student.school_id,
        student=student,
        ladder=ladder,
        opened_on=absence.date,
        trigger_absence=absence,
        follower=followers[0] if followers else None,
    )
    followup.full_clean()
    followup.save()
    timeline_add(
        student=student,
        school=student.school,
        kind="attendance.followup_opened",
        summary=_("Nærværsoppfølging startet: %(n)s udokumenterte fravær") % {"n": ladder.threshold},
        actor=access.user,
    )
    access.log(action="attendance.followup_open", school_id=student.school_id, student_id=student.pk, obj=followup)
    from .tasks import notify_followup_opened

    transaction.on_commit(lambda: notify_followup_opened.enqueue(followup_id=followup.pk))
    return followup


def step_record(
    *,
    access: Access,
    followup: FollowUp,
    number: int,
    done_on: datetime.date,
    what_done: str,
    evaluation: str = "",
) -> StepRecord:
    """Record what was done on a step of the ladder (rule 7: walked in order; a strict ladder refuses
    step n+1 before step n). Step 7 opens (or reuses) the student's individual case and puts it on
    the resource team's next planned meeting."""
    _require_may_work(access, followup.student)
    if not (what_done or "").strip():
        raise ValidationError({"what_done": _("Skriv hva som ble gjort på dette trinnet.")})
    with transaction.atomic():
        followup = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("student", "school", "ladder")
            .get(pk=followup.pk)
        )
        if followup.status != FollowUp.Status.OPEN:
            raise ValidationError(_("Oppfølgingen er avsluttet."))
        steps = ladder_steps(followup.ladder_id)
        step = next((s for s in steps if s.number == number and s.phase == LadderStep.Phase.FOLLOW_UP), None)
        if step is None:
            raise ValidationError(
                _("Trinn %(n)s finnes ikke blant oppfølgingstrinnene i tiltakstrappa.") % {"n": number}
            )
        records = list(followup.records.all())
        if any(r.step_id == step.pk for r in records):
            raise ValidationError(_("Trinn %(n)s er allerede registrert.") % {"n": number})
        upcoming = ladder_rules.next_step(followup, steps, records)
        if followup.ladder.strict and upcoming is not None and upcoming.pk != step.pk:
            raise ValidationError(
                _(
                    "Trinn %(n)s kan ikke registreres før trinn %(next)s er gjennomført. "
                    "Tiltakstrappa følges i rekkefølge – ingen trinn kan hoppes over."
                )
                % {"n": number, "next": upcoming.number}
            )
        if done_on < followup.opened_on:
            raise ValidationError({"done_on": _("Datoen kan ikke være før fraværet som startet oppfølgingen.")})
        if done_on > timezone.localdate():
            raise ValidationError({"done_on": _("Datoen kan ikke være fram i tid.")})
        record = StepRecord(
            followup=followup,
            step=step,
            done_on=done_on,
            what_done=what_done.strip(),
            evaluation=evaluation.strip(),
            evaluated_on=done_on if evaluation.strip() else None,
            recorded_by=access.user,
        )
        record.full_clean()
        record.save()
        if step.number == CASE_STEP:
            _bring_to_team(access=access, followup=followup)
        timeline_add(
            case=followup.case,
            student=followup.student,
            school=followup.school,
            kind="attendance.step",
            summary=_("Tiltakstrappa trinn %(n)s: %(title)s") % {"n": step.number, "title": step.title},
            actor=access.user,
        )
        access.log(
            action="attendance.step_record", school_id=followup.school_id, student_id=followup.student_id, obj=record
        )
    return record


def _bring_to_team(*, access: Access, followup: FollowUp) -> None:
    """Open (or reuse) the student's open individual case and put it on the next team meeting."""
    case = (
        Case.objects.filter(student=followup.student, kind=Kind.INDIVIDUAL, status=Case.Status.OPEN)
        .order_by("-first_concern_date")
        .first()
    )
    if case is None:
        School.objects.select_for_update().filter(pk=followup.school_id).first()
        last = Case.objects.filter(school_id=followup.school_id).aggregate(m=Max("number"))["m"] or 0
        case = Case(
            school_id=followup.school_id,
            number=last + 1,
            kind=Kind.INDIVIDUAL,
            student=followup.student,
            title=str(_("Bekymringsfullt fravær")),
            first_concern_date=followup.opened_on,
            created_by=access.user,
        )
        if any(f.name == "area" for f in Case._meta.fields):
            case.area = "naervaer"  # the retention rules keep attendance cases by their own area
        case.full_clean()
        case.save()
        timeline_add(
            case=case,
            kind="case.opened",
            summary=_("Sak opprettet fra nærværsoppfølging (tiltakstrappa trinn 7)"),
            actor=access.user,
        )
    followup.case = case
    followup.save(update_fields=["case"])
    item = agenda_case_enqueue(access=access, case=case, preparer=access.user, title=str(_("Nærværsoppfølging")))
    if item is not None:
        timeline_add(
            case=case,
            kind="attendance.agenda",
            summary=_("Satt på sakslisten til ressursteammøtet %(date)s")
            % {"date": timezone.localtime(item.meeting.starts_at).strftime("%d.%m.%Y")},
            actor=access.user,
        )


def step_evaluate(
    *, access: Access, followup: FollowUp, number: int, evaluation: str, evaluated_on: datetime.date
) -> StepRecord:
    """Record the evaluation of a step (Breivang: three weeks after steps 6 and 7)."""
    _require_may_work(access, followup.student)
    if not (evaluation or "").strip():
        raise ValidationError({"evaluation": _("Skriv evalueringen.")})
    with transaction.atomic():
        record = (
            StepRecord.objects.select_for_update()
            .filter(followup=followup, step__number=number)
            .select_related("step")
            .first()
        )
        if record is None:
            raise ValidationError(_("Trinn %(n)s er ikke registrert ennå.") % {"n": number})
        if evaluated_on < record.done_on:
            raise ValidationError({"evaluated_on": _("Evalueringen kan ikke være før trinnet ble gjennomført.")})
        record.evaluation = evaluation.strip()
        record.evaluated_on = evaluated_on
        record.full_clean()
        record.save(update_fields=["evaluation", "evaluated_on"])
        timeline_add(
            case=followup.case,
            student=followup.student,
            school=followup.school,
            kind="attendance.step_evaluated",
            summary=_("Tiltakstrappa trinn %(n)s evaluert") % {"n": number},
            actor=access.user,
        )
        access.log(
            action="attendance.step_evaluate", school_id=followup.school_id, student_id=followup.student_id, obj=record
        )
    return record


def followup_close(
    *, access: Access, followup: FollowUp, note: str, closed_on: datetime.date | None = None
) -> FollowUp:
    """Close the follow-up when the concern is resolved (with a reason). Later absences count anew."""
    _require_may_work(access, followup.student)
    if not (note or "").strip():
        raise ValidationError({"note": _("Skriv hvorfor bekymringen er avklart.")})
    with transaction.atomic():
        followup = (
            FollowUp.objects.select_for_update(of=("self",)).select_related("student", "school").get(pk=followup.pk)
        )
        if followup.status == FollowUp.Status.CLOSED:
            raise ValidationError(_("Oppfølgingen er allerede avsluttet."))
        followup.status = FollowUp.Status.CLOSED
        followup.closed_on = closed_on or timezone.localdate()
        followup.closed_note = note.strip()
        followup.full_clean()
        followup.save()
        timeline_add(
            case=followup.case,
            student=followup.student,
            school=followup.school,
            kind="attendance.followup_closed",
            summary=_("Nærværsoppfølging avsluttet"),
            actor=access.user,
        )
        access.log(
            action="attendance.followup_close",
            school_id=followup.school_id,
            student_id=followup.student_id,
            obj=followup,
        )
    return followup


def form_entry_add(*, access: Access, student, date: datetime.date, measure: str, comment: str = "") -> FormEntry:
    """Add a row (Dato / Tiltak / Kommentar) to the student's follow-up form (seed 004 §11)."""
    _require_may_work(access, student)
    if not (measure or "").strip():
        raise ValidationError({"measure": _("Skriv hvilket tiltak som er satt i gang.")})
    with transaction.atomic():
        entry = FormEntry(
            school_id=student.school_id,
            student=student,
            date=date,
            measure=measure.strip(),
            comment=(comment or "").strip(),
            author=access.user,
        )
        entry.full_clean()
        entry.save()
        timeline_add(
            student=student,
            school=student.school,
            kind="attendance.form_entry",
            summary=_("Tiltak ført i elevskjema"),
            actor=access.user,
        )
        access.log(action="attendance.form_entry", school_id=student.school_id, student_id=student.pk, obj=entry)
    return entry
