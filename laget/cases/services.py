"""Writes for referrals, consent, health notes and cases: named domain actions.

Each service runs in one transaction and writes the access log (rule 4) and, once a case
exists, a timeline entry inside it. Timeline summaries never name the student (rule 3).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.dates import date_error, display_date
from laget.organisations.access import Access
from laget.organisations.models import School
from laget.routines.selectors import routine_for_school
from laget.students.selectors import students_referable_by

from .categories import CHALLENGE_LABELS, challenges_for_school
from .models import Attachment, Case, Consent, ConsentScope, HealthNote, Kind, Measure, Referral, TriedMeasure
from .notices import referral_notice_queue
from .selectors import may_record_consent
from .timeline import timeline_add

__all__ = [
    "ConcurrentEditError",
    "attachment_add",
    "case_close",
    "case_set_area",
    "consent_record",
    "healthnote_add",
    "next_case_number",
    "referral_delete_draft",
    "referral_save_draft",
    "referral_send",
    "referral_submit",
    "system_case_open",
    "timeline_add",
]

REFERRAL_FIELDS = [
    "student",
    "title",
    "challenges",
    "challenge_other",
    "social_description",
    "working_methods",
    "mapping_results",
    "strengths",
    "learning_environment",
    "referral_date",
    "first_concern_date",
]
DESCRIPTION_FIELDS = ["social_description", "working_methods", "mapping_results", "strengths"]


class ConcurrentEditError(ValidationError):
    """Someone saved the same object after this user opened it (rule 9: never overwrite silently)."""


def _check_version(obj, seen_version):
    if seen_version is not None and int(seen_version) != obj.version:
        raise ConcurrentEditError(
            _(
                "Meldingen er endret av noen andre etter at du åpnet den. Det du skrev er ikke lagret – "
                "kopier teksten din, last siden på nytt og legg inn endringene igjen."
            )
        )


def _check_file_size(uploaded_file):
    if uploaded_file.size > settings.MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Filen %(name)s er for stor. Største tillatte størrelse er %(max)s.")
            % {"name": uploaded_file.name, "max": filesizeformat(settings.MAX_ATTACHMENT_BYTES)}
        )


def referral_save_draft(
    *,
    access: Access,
    school: School,
    kind: str = Kind.INDIVIDUAL,
    referral: Referral | None = None,
    seen_version=None,
    data: dict,
    tried_measures: list[dict] = (),
    files=(),
) -> Referral:
    """Save a referral as a draft, however incomplete. Only the author edits, only while a draft;
    the student must be one the author may refer (rule 1); a stale version is refused (rule 9)."""
    with transaction.atomic():
        if referral is None:
            referral = Referral(school=school, kind=kind, author=access.user)
        else:
            referral = Referral.objects.select_for_update().get(pk=referral.pk)
            if referral.author_id != access.user.pk:
                raise PermissionDenied
            if referral.status != Referral.Status.DRAFT:
                raise ValidationError(_("Meldingen er allerede sendt og kan ikke endres."))
            _check_version(referral, seen_version)
            referral.version += 1
        for name in REFERRAL_FIELDS:
            if name in data:
                setattr(referral, name, data[name])
        if referral.kind == Kind.SYSTEM:
            referral.student = None
        elif (
            referral.student is not None
            and not students_referable_by(access, referral.school_id).filter(pk=referral.student.pk).exists()
        ):
            raise ValidationError({"student": _("Du kan ikke melde denne eleven.")})
        allowed = {code for code, _label in challenges_for_school(referral.school)} | set(CHALLENGE_LABELS)
        referral.challenges = [c for c in referral.challenges or [] if c in allowed]
        date_errors = referral_date_errors(referral)
        if date_errors:
            raise ValidationError(date_errors)
        referral.full_clean(exclude=["case"])
        referral.save()
        _replace_tried_measures(referral, tried_measures)
        for uploaded in files:
            attachment_add(access=access, referral=referral, uploaded_file=uploaded)
        access.log(
            action="referral.save",
            school_id=referral.school_id,
            student_id=referral.student_id,
            obj=referral,
        )
    return referral


def _replace_tried_measures(referral, rows):
    referral.tried_measures.all().delete()
    position = 0
    for row in rows:
        values = {k: (row.get(k) or "").strip() for k in ("measure", "period", "assessment")}
        if not any(values.values()):
            continue
        tried = TriedMeasure(referral=referral, position=position, **values)
        tried.full_clean(exclude=["measure"])  # a draft row may still lack its measure
        tried.save()
        position += 1


def referral_date_errors(referral: Referral) -> dict:
    """Dates that make sense: first concern ≤ referral date ≤ today. Checked on every save,
    draft or not, so an impossible date never reaches the key figure "time from first concern"."""
    errors = {}
    today = timezone.localdate()
    first, referred = referral.first_concern_date, referral.referral_date
    if first and first > today:
        errors["first_concern_date"] = _("Datoen for første bekymring kan ikke være fram i tid.")
    if referred and referred > today:
        errors["referral_date"] = _("Datoen for oppmelding kan ikke være fram i tid.")
    if first and referred and first > referred and "first_concern_date" not in errors:
        errors["first_concern_date"] = _("Første bekymring kan ikke være etter datoen for oppmelding (%(date)s).") % {
            "date": referred.strftime("%d.%m.%Y")
        }
    return errors


def referral_submit_errors(referral: Referral, tried_measures=None) -> dict:
    """Everything that keeps a referral from being sent, all at once (field name → message).

    Works on an unsaved referral too, so the form can report every missing thing in one go;
    `tried_measures` are the rows as typed (dicts) or, when None, the saved rows."""
    errors = referral_date_errors(referral)
    if referral.referral_date is None:
        errors["referral_date"] = _("Skriv datoen for oppmelding til ressursteamet.")
    if referral.kind == Kind.SYSTEM:
        if not referral.title.strip():
            errors["title"] = _("Skriv hva temaet gjelder.")
        if not referral.learning_environment.strip():
            errors["learning_environment"] = _("Beskriv temaet, så teamet kan forberede seg.")
        return errors
    if referral.first_concern_date is None:
        errors["first_concern_date"] = _(
            "Skriv når du først ble bekymret. Saken beholder denne datoen, og den brukes i nøkkeltallet "
            "«tid fra første bekymring»."
        )
    if referral.student_id is None:
        errors["student"] = _("Velg hvilken elev meldingen gjelder.")
    descriptions = [getattr(referral, f).strip() for f in DESCRIPTION_FIELDS]
    if not referral.challenges and not any(descriptions):
        errors["challenges"] = _("Kryss av for minst én utfordring eller skriv en beskrivelse av eleven.")
    if "annet" in (referral.challenges or []) and not referral.challenge_other.strip():
        errors["challenge_other"] = _("Du har krysset av for «Annet» – beskriv hva det gjelder.")
    if tried_measures is None:
        rows = [
            {"measure": t.measure, "period": t.period, "assessment": t.assessment}
            for t in referral.tried_measures.all()
        ]
    else:
        rows = [r for r in tried_measures if any((r.get(k) or "").strip() for k in ("measure", "period", "assessment"))]
    if any(not (r.get("measure") or "").strip() for r in rows):
        errors["tried_measures"] = _("Hver rad i tabellen over utprøvde tiltak må si hvilket tiltak som er prøvd.")
    return errors


def next_case_number(school_id) -> int:
    """The school's next case number; unique under concurrency (the school row is locked until commit)."""
    School.objects.select_for_update().filter(pk=school_id).first()
    return (Case.objects.filter(school_id=school_id).aggregate(m=Max("number"))["m"] or 0) + 1


def system_case_open(*, access: Access, school_id: int, title: str, first_concern_date: datetime.date) -> Case:
    """Open a system case from a topic the team raised itself (a topic on the agenda), so its measures
    can be recorded in an action plan and counted (Bærum's key figures: system cases and measures)."""
    if not access.is_team_member(school_id):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Skriv hva systemtemaet gjelder.")})
    with transaction.atomic():
        case = Case(
            school_id=school_id,
            number=next_case_number(school_id),
            kind=Kind.SYSTEM,
            title=title.strip()[:200],
            first_concern_date=first_concern_date,
            created_by=access.user,
            routine_version=routine_for_school(school_id),
        )
        case.full_clean()
        case.save()
        timeline_add(case=case, kind="case.opened", summary=_("Systemsak opprettet fra sakslisten"), actor=access.user)
        access.log(action="case.open", school_id=school_id, obj=case)
    return case


def referral_submit(*, access: Access, referral: Referral, seen_version=None) -> Case:
    """Send a referral to the team: validates completeness and opens a case with the next
    number of the school (numbers stay unique under concurrency: the school row is locked).
    The team lead is told by e-mail once it commits (laget.cases.notices: a referral reaches the team)."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.author_id != access.user.pk:
            raise PermissionDenied
        if referral.status != Referral.Status.DRAFT:
            raise ValidationError(_("Meldingen er allerede sendt."))
        _check_version(referral, seen_version)
        errors = referral_submit_errors(referral)
        if errors:
            raise ValidationError(errors)
        case = Case(
            school_id=referral.school_id,
            number=next_case_number(referral.school_id),
            kind=referral.kind,
            student=referral.student,
            title=referral.title,
            # A system topic may leave the first concern empty: it is the day the topic was raised.
            first_concern_date=referral.first_concern_date or referral.referral_date,
            created_by=access.user,
            # The case keeps the routine version it ran under, whatever later edits do.
            routine_version=routine_for_school(referral.school_id),
        )
        case.full_clean()
        case.save()
        referral.case = case
        referral.status = Referral.Status.SUBMITTED
        referral.submitted_at = timezone.now()
        referral.version += 1
        referral.save()
        Attachment.objects.filter(referral=referral).update(case=case)
        summary = (
            _("Systemtema meldt til ressursteamet")
            if case.kind == Kind.SYSTEM
            else _("Melding til ressursteamet sendt inn")
        )
        timeline_add(case=case, kind="referral.submitted", summary=summary, actor=access.user)
        access.log(action="referral.submit", school_id=case.school_id, student_id=case.student_id, obj=case)
        referral_notice_queue(referral)
    return case


def referral_send(
    *,
    access: Access,
    school: School,
    kind: str = Kind.INDIVIDUAL,
    referral: Referral | None = None,
    seen_version=None,
    data: dict,
    tried_measures: list[dict] = (),
    files=(),
) -> Case:
    """Save what was typed and send it to the team, as one step (rule 10: nothing half-done).

    A send that is refused leaves no new draft behind: the new referral is not kept (the form
    shows everything typed again). An existing draft keeps what was typed."""
    if referral is None:
        with transaction.atomic():
            draft = referral_save_draft(
                access=access, school=school, kind=kind, data=data, tried_measures=tried_measures, files=files
            )
            return referral_submit(access=access, referral=draft)
    draft = referral_save_draft(
        access=access,
        school=school,
        kind=kind,
        referral=referral,
        seen_version=seen_version,
        data=data,
        tried_measures=tried_measures,
        files=files,
    )
    return referral_submit(access=access, referral=draft)


def referral_delete_draft(*, access: Access, referral: Referral) -> None:
    """Delete a draft the author no longer wants. Only the author, only while it is a draft: a sent
    referral is part of the case's record and stays."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().filter(pk=referral.pk).first()
        if referral is None or referral.author_id != access.user.pk:
            raise PermissionDenied
        if referral.status != Referral.Status.DRAFT:
            raise ValidationError(_("Meldingen er sendt og er en del av saken. Den kan ikke slettes."))
        access.log(action="referral.delete", school_id=referral.school_id, student_id=referral.student_id, obj=referral)
        files = [a.file for a in referral.attachments.all()]
        referral.delete()
        # The files go only once the rows are gone for good.
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])


def attachment_add(
    *, access: Access, uploaded_file, referral: Referral | None = None, case: Case | None = None, description: str = ""
) -> Attachment:
    """Attach a file (mapping results, national tests) to a referral or case; size-limited."""
    _check_file_size(uploaded_file)
    with transaction.atomic():
        owner = referral or case
        attachment = Attachment(
            school_id=owner.school_id,
            referral=referral,
            case=case or (referral.case if referral else None),
            name=uploaded_file.name[:200],
            description=description,
            uploaded_by=access.user,
        )
        attachment.file.save(uploaded_file.name, uploaded_file, save=False)
        attachment.save()
        target_case = attachment.case
        if target_case is not None:
            timeline_add(case=target_case, kind="attachment.added", summary=_("Vedlegg lagt til"), actor=access.user)
        access.log(
            action="attachment.add",
            school_id=owner.school_id,
            student_id=owner.student_id,
            obj=attachment,
        )
    return attachment


ORAL_METHODS = {Consent.Method.MEETING, Consent.Method.PHONE}


def _routine_requires_written_consent(school) -> bool:
    """Sandnes: "Det kreves skriftlig tillatelse fra foresatte" — the routine's consent.written."""
    from laget.routines.selectors import routine_for_school

    version = routine_for_school(school)
    return bool(((version.data or {}).get("consent") or {}).get("written")) if version else False


def _consent_order_errors(case, guardians, status, scopes, date) -> dict:
    """A refusal or withdrawal takes effect from its date and cannot predate the consent it answers;
    no decision may be dated before the guardian's latest recorded decision on the same use, or it
    would silently do nothing (consent_is_valid reads the latest by date)."""
    scopes = set(scopes)
    earlier = Consent.objects.filter(case=case, guardian__in=guardians).order_by("date", "recorded_at", "pk")
    latest, given = {}, set()
    for row in earlier:
        if scopes & set(row.scopes or []):
            latest[row.guardian_id] = row
            if row.status == Consent.Status.GIVEN:
                given.add(row.guardian_id)
    for guardian in guardians:
        previous = latest.get(guardian.pk)
        if status == Consent.Status.WITHDRAWN and guardian.pk not in given:
            return {
                "status": _(
                    "%(guardian)s har ikke gitt samtykke til dette, så det er ingenting å trekke tilbake. "
                    "Registrer et avslag i stedet."
                )
                % {"guardian": guardian.name}
            }
        if previous is not None and date < previous.date:
            if status == Consent.Status.WITHDRAWN:
                message = _(
                    "Tilbaketrekkingen kan ikke dateres før samtykket den gjelder: %(guardian)s ga samtykke "
                    "%(date)s. Bruk datoen da samtykket ble trukket tilbake."
                )
            else:
                message = _(
                    "%(guardian)s har en registrert beslutning datert %(date)s om dette. En ny beslutning kan "
                    "ikke dateres før den; bruk datoen da den nye beslutningen ble tatt."
                )
            return {"date": message % {"guardian": guardian.name, "date": display_date(previous.date)}}
    return {}


def consent_record(
    *,
    access: Access,
    case: Case,
    guardians,
    status: str,
    scopes,
    date: datetime.date,
    method: str = "",
    expires_on: datetime.date | None = None,
    scanned_form=None,
    note: str = "",
) -> list[Consent]:
    """Record a guardian's consent decision as a new row per guardian, never an edit (rule 3):
    a refusal or withdrawal makes the case anonymous again from that moment."""
    if not may_record_consent(access, case):
        raise PermissionDenied
    guardians = list(guardians)
    errors = {}
    if not guardians:
        errors["guardians"] = _("Velg hvilken foresatt samtykket gjelder.")
    if any(g.student_id != case.student_id for g in guardians):
        errors["guardians"] = _("Den foresatte hører ikke til denne eleven.")
    if not scopes:
        errors["scopes"] = _("Kryss av for hva samtykket gjelder.")
    today = timezone.localdate()
    if date_problem := date_error(date, latest=today, latest_is=_("i dag: registrer en beslutning som er tatt")):
        errors["date"] = date_problem
    elif expires_on and (
        expiry_problem := date_error(expires_on, earliest=date, earliest_is=_("datoen beslutningen ble tatt"))
    ):
        errors["expires_on"] = expiry_problem
    if not errors and guardians and scopes:
        errors.update(_consent_order_errors(case, guardians, status, scopes, date))
    if status == Consent.Status.GIVEN and method in ORAL_METHODS and _routine_requires_written_consent(case.school):
        errors["method"] = _("Skolens rutine krever skriftlig samtykke: bruk signert skjema eller digitalt samtykke.")
    if errors:
        raise ValidationError(errors)
    if scanned_form is not None:
        _check_file_size(scanned_form)
    rows = []
    with transaction.atomic():
        for guardian in guardians:
            consent = Consent(
                case=case,
                guardian=guardian,
                status=status,
                scopes=[s for s in scopes if s in ConsentScope.values],
                date=date,
                method=method,
                expires_on=expires_on,
                note=note,
                recorded_by=access.user,
            )
            if scanned_form is not None:
                scanned_form.seek(0)
                consent.scanned_form.save(scanned_form.name, scanned_form, save=False)
            consent.full_clean()
            consent.save()
            rows.append(consent)
        scope_text = ", ".join(str(ConsentScope(s).label) for s in rows[0].scopes)
        timeline_add(
            case=case,
            kind=f"consent.{status}",
            summary=_("Samtykke registrert: %(status)s (%(scopes)s)")
            % {"status": rows[0].get_status_display().lower(), "scopes": scope_text},
            actor=access.user,
        )
        access.log(action="consent.record", school_id=case.school_id, student_id=case.student_id, obj=case)
    return rows


def healthnote_add(*, access: Access, case: Case, text: str) -> HealthNote:
    """Add a note to the restricted section (rule 2): only roles that see restricted notes."""
    if not access.sees_restricted(case.school_id):
        raise PermissionDenied(_("Bare helsesykepleier og andre med tilgang til skjermede notater kan skrive her."))
    with transaction.atomic():
        note = HealthNote(case=case, text=text, author=access.user)
        note.full_clean()
        note.save()
        timeline_add(
            case=case,
            kind="healthnote.added",
            summary=_("Skjermet notat lagt til"),
            actor=access.user,
            restricted=True,
        )
        access.log(action="healthnote.add", school_id=case.school_id, student_id=case.student_id, obj=note)
    return note


def case_close(
    *, access: Access, case: Case, outcome: str, note: str = "", closed_on: datetime.date | None = None
) -> Case:
    """Close a case with its outcome. The team lead decides (the team only advises the principal)."""
    if not access.leads(case.school_id):
        raise PermissionDenied
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status == Case.Status.CLOSED:
            raise ValidationError(_("Saken er allerede avsluttet."))
        if outcome not in Case.Outcome.values:
            raise ValidationError({"outcome": _("Velg utfall for saken.")})
        closed_on = closed_on or timezone.localdate()
        # A closing date decides when retention purges the case: never before it opened, never ahead.
        opened = timezone.localdate(case.created_at)
        if problem := date_error(
            closed_on,
            earliest=opened,
            earliest_is=_("saken ble opprettet"),
            latest=timezone.localdate(),
            latest_is=_("i dag"),
        ):
            raise ValidationError({"closed_on": problem})
        case.status = Case.Status.CLOSED
        case.outcome = outcome
        case.outcome_note = note
        case.closed_on = closed_on
        case.full_clean()
        case.save()
        # A closed case has no measures running: they stop with it (and leave the next agendas).
        Measure.objects.filter(case=case, status=Measure.Status.ACTIVE).update(status=Measure.Status.STOPPED)
        timeline_add(
            case=case,
            kind="case.closed",
            summary=_("Saken avsluttet: %(outcome)s") % {"outcome": case.get_outcome_display()},
            actor=access.user,
        )
        access.log(action="case.close", school_id=case.school_id, student_id=case.student_id, obj=case)
    return case


def case_set_area(*, access: Access, case: Case, area: str, retain_reason: str | None = None) -> Case:
    """Set the legal area of a case (Sandnes §4) and, for the team lead, why it is kept beyond the
    retention period. Team members of the case's school only (rule 1); `retain_reason=None` leaves
    it as it is. The timeline names the area only, never the student or the reason's text (rule 3)."""
    if not access.is_team_member(case.school_id):
        raise PermissionDenied(_("Bare ressursteamet kan sette saksområde."))
    area = (area or "").strip()
    if area and area not in Case.Area.values:
        raise ValidationError({"area": _("Velg et saksområde fra listen.")})
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        changed_reason = retain_reason is not None and retain_reason.strip() != case.retain_reason
        if changed_reason and not access.leads(case.school_id):
            raise PermissionDenied(_("Bare teamleder kan angi grunn til å oppbevare saken."))
        changed_area = area != case.area
        case.area = area
        if changed_reason:
            case.retain_reason = retain_reason.strip()
        case.full_clean()
        case.save(update_fields=["area", "retain_reason"])
        if changed_area:
            summary = (
                _("Saksområde satt: %(area)s") % {"area": case.get_area_display()} if area else _("Saksområde fjernet")
            )
            timeline_add(case=case, kind="case.area", summary=summary, actor=access.user)
        if changed_reason:
            summary = (
                _("Grunn til å oppbevare saken registrert")
                if case.retain_reason
                else _("Grunn til å oppbevare saken fjernet")
            )
            timeline_add(case=case, kind="case.retain_reason", summary=summary, actor=access.user)
        access.log(action="case.area", school_id=case.school_id, student_id=case.student_id, obj=case)
    return case
