"""Reads of action plans and measures.

Access to a plan or a measure is access to its case (cases.selectors.case_get): anything
else answers 404. `plans_for_case` expects a case the caller has already fetched that way.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.http import Http404

from laget.organisations.access import Access

from .models import ActionPlan, Measure, Referral
from .selectors import case_get


def plans_for_case(case):
    return (
        ActionPlan.objects.filter(case=case)
        .prefetch_related("measures__owner", "measures__evaluations")
        .order_by("-date_discussed", "-pk")
    )


def plan_get(access: Access, pk) -> ActionPlan:
    """The plan, with its case fetched through case_get (404 when the case is not visible)."""
    case_id = ActionPlan.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    case = case_get(access, case_id)
    plan = (
        ActionPlan.objects.filter(pk=pk)
        .select_related("meeting", "created_by")
        .prefetch_related("measures__owner", "measures__evaluations__evaluated_by")
        .get()
    )
    plan.case = case
    return plan


def measure_get(access: Access, pk) -> Measure:
    case_id = Measure.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    case = case_get(access, case_id)
    measure = Measure.objects.filter(pk=pk).select_related("owner", "action_plan").prefetch_related("evaluations").get()
    measure.case = case
    return measure


def may_write_plan(access: Access, case) -> bool:
    """Team members of the case's school write plans; everyone else who sees the case reads."""
    return access.is_team_member(case.school_id)


def may_evaluate(access: Access, measure) -> bool:
    return access.is_team_member(measure.case.school_id) or measure.owner_id == access.user.pk


def staff_of_school(school_id):
    """People who may own a measure: staff of the school (organisations.Staff)."""
    return (
        get_user_model()
        .objects.filter(staff__school_id=school_id, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def meeting_for_case(case, meeting_pk):
    """A meeting of the case's school's team, or 404."""
    if not meeting_pk:
        return None
    meeting_model = apps.get_model("meetings", "Meeting")  # meetings sits above cases; no import upward
    try:
        return meeting_model.objects.select_related("team").get(pk=int(meeting_pk), team__school_id=case.school_id)
    except (ValueError, meeting_model.DoesNotExist) as exc:
        raise Http404 from exc


def last_meeting_discussed(case):
    """The latest started or held meeting with the case on its agenda, or None."""
    meeting_model = apps.get_model("meetings", "Meeting")  # meetings sits above cases; no import upward
    return (
        meeting_model.objects.filter(items__case=case, status__in=["started", "held", "approved"])
        .select_related("team")
        .order_by("-starts_at")
        .first()
    )


def _name(user) -> str:
    return user.get_full_name() or user.username


def attendance_prefill(meeting) -> dict:
    """Tilstede / forfall / referent from the meeting's attendance rows."""
    rows = list(meeting.attendance.select_related("user").order_by("user__first_name", "user__last_name"))
    return {
        "present": ", ".join(_name(a.user) for a in rows if a.status == "present"),
        "absent": ", ".join(_name(a.user) for a in rows if a.status == "absent"),
        "referent": ", ".join(_name(a.user) for a in rows if a.is_referent),
    }


def referral_prefill(case) -> dict:
    """The problem checkboxes of the plan start as the referral's (same wording as the form)."""
    referral = Referral.objects.filter(case=case).only("challenges", "challenge_other").first()
    if referral is None:
        return {}
    return {"challenges": list(referral.challenges or []), "challenge_other": referral.challenge_other}


def measures_owned_by(user):
    """Active measures the user owns, with their case, soonest evaluation first (for "my page").

    The owner may see the case through this relation (laget.cases.disclosure); names on "my page"
    still go through the consent rules of the page that shows them.
    """
    return (
        Measure.objects.filter(owner=user, status=Measure.Status.ACTIVE)
        .select_related("case", "case__student", "case__student__school_class", "case__school", "action_plan")
        .order_by("evaluation_date", "pk")
    )


def measures_due_for_evaluation(school_id, on_date):
    """Active measures of the school whose evaluation date has come (for the next agenda)."""
    return (
        Measure.objects.filter(case__school_id=school_id, status=Measure.Status.ACTIVE, evaluation_date__lte=on_date)
        .select_related("case", "case__student", "case__student__school_class", "owner", "action_plan")
        .order_by("evaluation_date", "pk")
    )
