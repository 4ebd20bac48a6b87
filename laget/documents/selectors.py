"""Reads for the documents, scoped by need-to-know (rule 1): anything else is 404."""

from django.http import Http404

from laget.cases.models import ActionPlan, Referral
from laget.cases.selectors import case_get, cases_visible_to
from laget.meetings.models import Meeting
from laget.meetings.selectors import meeting_get
from laget.organisations.access import Access


def referral_get_for_document(access: Access, pk) -> Referral:
    """The author sees their referral; others only through the case it opened."""
    referral = (
        Referral.objects.filter(pk=pk)
        .select_related("school", "student", "student__school_class", "case", "case__student", "author")
        .first()
    )
    if referral is None:
        raise Http404
    if referral.author_id == access.user.pk:
        return referral
    if referral.case_id and cases_visible_to(access).filter(pk=referral.case_id).exists():
        return referral
    raise Http404


def plan_get_for_document(access: Access, pk) -> ActionPlan:
    """An action plan is visible to whoever may see its case."""
    plan = ActionPlan.objects.filter(pk=pk).only("pk", "case_id").first()
    if plan is None:
        raise Http404
    case = case_get(access, plan.case_id)
    plan = (
        ActionPlan.objects.filter(pk=pk)
        .prefetch_related("measures__owner", "measures__evaluations__evaluated_by")
        .get()
    )
    plan.case = case
    return plan


def meeting_get_for_document(access: Access, pk) -> Meeting:
    """A meeting's documents are for the active members of its team only (as the meeting page)."""
    return meeting_get(access, pk)
