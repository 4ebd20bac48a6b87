"""Reads of cases, referrals and action plans, already scoped to what the user may see."""

from django.db.models import F
from django.http import Http404

from laget.organisations.access import Access

from .models import Attachment, Case, Consent, HealthNote, Referral

_MISSING = object()


def cases_visible_to(access: Access):
    """Team members see their school's cases; others the cases of students they have a relation to."""
    return Case.objects.filter(access.case_q()).select_related("student", "student__school_class", "school")


def case_get(access: Access, pk) -> Case:
    case = cases_visible_to(access).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def referrals_by_author(access: Access):
    return (
        Referral.objects.filter(author=access.user)
        .select_related("student", "student__school_class", "case")
        .order_by("-updated_at")
    )


def referral_get_for_edit(access: Access, pk) -> Referral:
    """Only the author edits a draft."""
    referral = Referral.objects.filter(pk=pk, author=access.user).select_related("student").first()
    if referral is None:
        raise Http404
    return referral


def case_list_for(access: Access, *, status: str = ""):
    """The case list: visible cases with what the list shows, in a fixed number of queries."""
    qs = (
        cases_visible_to(access)
        .annotate(referral_author_id=F("referral__author_id"))
        .prefetch_related("consents")
        .order_by("-first_concern_date", "-number")
    )
    if status in (Case.Status.OPEN, Case.Status.CLOSED):
        qs = qs.filter(status=status)
    return qs


def referral_list_for(access: Access):
    """Mine meldinger: the user's own referrals, drafts and submitted."""
    return referrals_by_author(access).select_related("school").prefetch_related("case__consents")


def referral_for_case(case: Case) -> Referral | None:
    """The referral that opened the case (the caller has already checked access to the case)."""
    return (
        Referral.objects.filter(case=case)
        .select_related("author", "student")
        .prefetch_related("tried_measures", "attachments")
        .first()
    )


def may_record_consent(access: Access, case: Case) -> bool:
    """Consent is recorded by those who know the family: the referral's author, the student's
    contact teachers and the team lead."""
    if case.student_id is None:
        return False
    author_id = Referral.objects.filter(case=case).values_list("author_id", flat=True).first()
    return (
        author_id == access.user.pk
        or case.student.school_class_id in access.contact_class_ids
        or access.leads(case.school_id)
    )


def consents_for_case(case: Case):
    return Consent.objects.filter(case=case).select_related("guardian", "recorded_by")


def health_notes_for_case(access: Access, case: Case):
    """Restricted section (rule 2): empty for anyone whose role does not see restricted notes."""
    if not access.sees_restricted(case.school_id):
        return HealthNote.objects.none()
    return HealthNote.objects.filter(case=case).select_related("author")


def open_tasks_for_case(case: Case):
    return case.tasks.filter(done_at__isnull=True).select_related("owner").order_by("deadline", "pk")


def attachment_get(access: Access, pk) -> Attachment:
    """An attachment is readable by whoever may read its referral or case; otherwise 404."""
    attachment = Attachment.objects.filter(pk=pk).select_related("referral").first()
    if attachment is None:
        raise Http404
    referral = attachment.referral
    if referral is not None and referral.author_id == access.user.pk:
        return attachment
    case_id = attachment.case_id or (referral.case_id if referral else None)
    if case_id is None or not cases_visible_to(access).filter(pk=case_id).exists():
        raise Http404
    return attachment
