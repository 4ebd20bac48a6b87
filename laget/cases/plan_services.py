"""Writes of action plans (referat og tiltaksplan), measures and evaluations.

Every service: keyword-only arguments, one transaction, the access log and a timeline entry
inside. Timeline summaries never contain free text or the student's name.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.organisations.access import Access
from laget.organisations.models import Staff

from .models import ActionPlan, Case, Evaluation, Measure
from .timeline import timeline_add

PLAN_FIELDS = (
    "date_discussed",
    "date_reviewed_with_guardians",
    "evaluation_date",
    "present",
    "absent",
    "referent",
    "challenges",
    "challenge_other",
    "main_challenge",
    "main_goal",
)
MEASURE_FIELDS = ("description", "owner", "evaluation_date", "level", "staff_benefiting", "start_date")


class ConcurrentEditError(ValidationError):
    """Someone saved the plan after this user opened it (rule 9: never overwrite silently)."""


def _require_team_member(access: Access, case: Case):
    if not access.is_team_member(case.school_id):
        raise PermissionDenied


def _date(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def plan_date_errors(plan: ActionPlan) -> dict:
    """Dates that make sense: the plan is evaluated after it was discussed, and not discussed in the future."""
    errors = {}
    if plan.date_discussed and plan.date_discussed > timezone.localdate():
        errors["date_discussed"] = _("Datoen for drøfting kan ikke være fram i tid.")
    if plan.date_discussed and plan.evaluation_date and plan.evaluation_date <= plan.date_discussed:
        errors["evaluation_date"] = _("Evalueringen må være etter datoen for drøfting (%(date)s).") % {
            "date": _date(plan.date_discussed)
        }
    return errors


def _measure_save(*, case: Case, plan: ActionPlan | None, measure: Measure | None = None, **data) -> Measure:
    """Validate and save one measure: owner (staff of the school) and evaluation date are required (rule 5)."""
    measure = measure or Measure(case=case, action_plan=plan)
    for name in MEASURE_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
    if measure.level != Measure.Level.SYSTEM:
        measure.staff_benefiting = None
    measure.full_clean()
    discussed = plan.date_discussed if plan is not None else None
    if discussed and measure.evaluation_date and measure.evaluation_date <= discussed:
        raise ValidationError(
            _("Tiltaket «%(measure)s» må evalueres etter datoen for drøfting (%(date)s).")
            % {"measure": measure.description[:60], "date": _date(discussed)}
        )
    if not Staff.objects.filter(user_id=measure.owner_id, school_id=case.school_id).exists():
        raise ValidationError({"owner": _("Den ansvarlige må være ansatt ved skolen.")})
    measure.save()
    return measure


@transaction.atomic
def action_plan_create(
    *, access: Access, case: Case, plan_data: dict, measures: list[dict], meeting=None
) -> ActionPlan:
    """Record the team's referat og tiltaksplan for a case. Rule 5: every measure has an owner and a date."""
    _require_team_member(access, case)
    if meeting is not None and meeting.team.school_id != case.school_id:
        raise PermissionDenied
    plan = ActionPlan(case=case, meeting=meeting, created_by=access.user)
    for name in PLAN_FIELDS:
        if name in plan_data:
            setattr(plan, name, plan_data[name])
    plan.full_clean()
    if errors := plan_date_errors(plan):
        raise ValidationError(errors)
    plan.save()
    for data in measures:
        _measure_save(case=case, plan=plan, **data)
    access.log(action="plan.create", school_id=case.school_id, student_id=case.student_id, obj=plan)
    timeline_add(
        case=case,
        kind="plan.created",
        summary=_("Referat og tiltaksplan etter drøfting %(date)s (%(count)s tiltak)")
        % {"date": _date(plan.date_discussed), "count": len(measures)},
        actor=access.user,
    )
    return plan


@transaction.atomic
def action_plan_update(
    *, access: Access, plan: ActionPlan, version: int, plan_data: dict, measures: list[dict]
) -> ActionPlan:
    """Change a plan and its measures. Rule 9: refused when someone else saved since `version` was read.

    `measures` rows carry "id" for existing measures (absent for new ones) and "delete".
    A deleted measure that has been evaluated is stopped instead, so its history stays.
    """
    case = plan.case
    _require_team_member(access, case)
    current = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if current.version != version:
        raise ConcurrentEditError(
            _("Noen andre har lagret tiltaksplanen mens du skrev. Endringene dine er ikke lagret, men står i skjemaet.")
        )
    for name in PLAN_FIELDS:
        if name in plan_data:
            setattr(current, name, plan_data[name])
    current.version = version + 1
    current.full_clean()
    if errors := plan_date_errors(current):
        raise ValidationError(errors)
    current.save()
    existing = {m.pk: m for m in Measure.objects.filter(action_plan=current)}
    added = changed = removed = 0
    for row in measures:
        row = dict(row)
        pk, delete = row.pop("id", None), row.pop("delete", False)
        measure = existing.get(pk) if pk else None
        if pk and measure is None:
            raise ValidationError(_("Et tiltak i skjemaet hører ikke til denne tiltaksplanen."))
        if delete:
            if measure is not None:
                _measure_remove(measure)
                removed += 1
            continue
        _measure_save(case=case, plan=current, measure=measure, **row)
        if measure is None:
            added += 1
        else:
            changed += 1
    access.log(action="plan.update", school_id=case.school_id, student_id=case.student_id, obj=current)
    timeline_add(
        case=case,
        kind="plan.updated",
        summary=_("Tiltaksplanen fra %(date)s er endret (%(added)s nye, %(removed)s fjernet tiltak)")
        % {"date": _date(current.date_discussed), "added": added, "removed": removed},
        actor=access.user,
    )
    current.case = case
    return current


def _measure_remove(measure: Measure):
    if measure.evaluations.exists():
        measure.status = Measure.Status.STOPPED
        measure.save(update_fields=["status"])
    else:
        measure.delete()


@transaction.atomic
def measure_add(
    *,
    access: Access,
    case: Case,
    plan: ActionPlan | None = None,
    description: str,
    owner,
    evaluation_date: datetime.date,
    level: str = Measure.Level.INDIVIDUAL,
    staff_benefiting: int | None = None,
    start_date: datetime.date | None = None,
) -> Measure:
    """Add one measure to a case (optionally to a plan). Rule 5: an owner and an evaluation date."""
    _require_team_member(access, case)
    if plan is not None and plan.case_id != case.pk:
        raise PermissionDenied
    measure = _measure_save(
        case=case,
        plan=plan,
        description=description,
        owner=owner,
        evaluation_date=evaluation_date,
        level=level,
        staff_benefiting=staff_benefiting,
        start_date=start_date,
    )
    access.log(action="measure.add", school_id=case.school_id, student_id=case.student_id, obj=measure)
    timeline_add(
        case=case,
        kind="measure.added",
        summary=_("Nytt tiltak med evaluering %(date)s") % {"date": _date(evaluation_date)},
        actor=access.user,
    )
    return measure


@transaction.atomic
def measure_evaluate(
    *,
    access: Access,
    measure: Measure,
    effect: str,
    assessment: str,
    date: datetime.date,
    continue_measure: bool,
    next_evaluation_date: datetime.date | None = None,
) -> Evaluation:
    """Evaluate a measure. Team members and the measure's owner may. A continued measure stays
    active and needs a new evaluation date (rule 5); otherwise it is marked evaluated."""
    case = measure.case
    if not (access.is_team_member(case.school_id) or measure.owner_id == access.user.pk):
        raise PermissionDenied
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    evaluation = Evaluation(
        measure=measure,
        effect=effect,
        assessment=assessment,
        date=date,
        continue_measure=continue_measure,
        evaluated_by=access.user,
    )
    evaluation.full_clean()
    if continue_measure:
        if next_evaluation_date is None:
            raise ValidationError({"next_evaluation_date": _("Sett ny evalueringsdato når tiltaket videreføres.")})
        if next_evaluation_date <= date:
            raise ValidationError(
                {"next_evaluation_date": _("Ny evalueringsdato må være etter datoen for denne evalueringen.")}
            )
        measure.evaluation_date = next_evaluation_date
        measure.status = Measure.Status.ACTIVE
        measure.reminded_on = None
    else:
        measure.status = Measure.Status.EVALUATED
    evaluation.save()
    measure.save(update_fields=["evaluation_date", "status", "reminded_on"])
    access.log(action="measure.evaluate", school_id=case.school_id, student_id=case.student_id, obj=evaluation)
    if continue_measure:
        summary = _("Tiltak evaluert (%(effect)s), videreføres med ny evaluering %(date)s") % {
            "effect": evaluation.get_effect_display().lower(),
            "date": _date(next_evaluation_date),
        }
    else:
        summary = _("Tiltak evaluert (%(effect)s) og avsluttet") % {"effect": evaluation.get_effect_display().lower()}
    timeline_add(case=case, kind="measure.evaluated", summary=summary, actor=access.user)
    measure.case = case
    return evaluation
