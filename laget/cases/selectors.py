"""Reads of cases, referrals and action plans, already scoped to what the user may see."""

from django.db.models import Q
from django.http import Http404

from laget.organisations.access import Access

from .consent import case_is_named, case_label
from .models import Case, Referral


def cases_visible_to(access: Access):
    """Team members see their school's cases; others the cases of students they have a relation to."""
    uid = access.user.pk
    q = (
        Q(school_id__in=access.team_school_ids)
        | Q(referral__author_id=uid)
        | Q(student__school_class_id__in=access.contact_class_ids)
        | Q(measures__owner_id=uid)
        | Q(tasks__owner_id=uid)
    )
    ids = Case.objects.filter(q).values("pk")
    return Case.objects.filter(pk__in=ids).select_related("student", "student__school_class", "school")


def case_get(access: Access, pk) -> Case:
    case = cases_visible_to(access).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def identity_visible(access: Access, case: Case) -> bool:
    """May this user see who the student is on the case's own pages?

    With valid consent for team discussion: everyone who may see the case. Without it
    only those who know the student anyway: the referral's author, the student's contact
    teachers, and the team lead who obtains consent. Agendas, minutes and documents use
    case_is_named alone (rule 3).
    """
    if case.student_id is None:
        return False
    if case_is_named(case):
        return True
    author_id = _referral_author_id(case)
    return (
        author_id == access.user.pk
        or case.student.school_class_id in access.contact_class_ids
        or access.leads(case.school_id)
    )


def _referral_author_id(case: Case):
    # A caller that select_related/prefetch_related "referral" keeps list pages at a flat query count.
    if Case.referral.is_cached(case):
        referral = Case.referral.related.get_cached_value(case)
        return referral.author_id if referral is not None else None
    return Referral.objects.filter(case=case).values_list("author_id", flat=True).first()


def case_label_for(access: Access, case: Case) -> str:
    return case_label(case, named=identity_visible(access, case))


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
