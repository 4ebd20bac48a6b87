"""Reads of students, scoped by need-to-know (rule 1)."""

from django.http import Http404

from laget.organisations.access import Access

from .models import Student


def students_visible_to(access: Access):
    ids = Student.objects.filter(access.student_q()).values("pk")
    return Student.objects.filter(pk__in=ids).select_related("school_class", "school")


def student_get(access: Access, pk) -> Student:
    student = students_visible_to(access).filter(pk=pk).first()
    if student is None:
        raise Http404
    return student


def students_referable_by(access: Access, school_id):
    """Students a user may file a referral about: their classes; team members the whole school."""
    qs = Student.objects.filter(school_id=school_id).select_related("school_class")
    if access.is_team_member(school_id):
        return qs
    return qs.filter(school_class_id__in=access.contact_class_ids)
