"""Reads of students. Who may see a student's page and register data is decided by the
disclosure policy (laget.cases.disclosure.students_visible_to / student_get)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from laget.organisations.access import Access

from .models import Student


def students_referable_by(access: Access, school_id):
    """Students a user may file a referral about: their classes; team members the whole school.
    Students marked as left by the register import are not offered for a new referral."""
    qs = Student.objects.filter(school_id=school_id, left_on__isnull=True).select_related("school_class")
    if access.is_team_member(school_id):
        return qs
    return qs.filter(school_class_id__in=access.contact_class_ids)


@dataclass
class EmergencySearch:
    """What the emergency search may show: the students found, or why it shows none."""

    students: list = field(default_factory=list)
    refusal: str = ""


def _name_starts_with(word: str) -> Q:
    # The start of the first or last name, or of a later part of it ("Anne-Marie", "van Dijk").
    q = Q()
    for name in ("first_name", "last_name"):
        q |= Q(**{f"{name}__istartswith": word})
        q |= Q(**{f"{name}__icontains": f" {word}"}) | Q(**{f"{name}__icontains": f"-{word}"})
    return q


def students_for_emergency_search(access: Access, query: str) -> EmergencySearch:
    """Nødtilgang: find one student of the user's own schools by the start of their name.

    Need-to-know (Normen): the search is for someone you already know by name, not a way to browse
    the school. At least EMERGENCY_SEARCH_MIN_LETTERS letters of a name, and more hits than
    EMERGENCY_SEARCH_MAX_RESULTS show none; another school's students never appear.
    """
    words = (query or "").split()[:3]
    if not words or not access.staff_school_ids:
        return EmergencySearch()
    min_letters = settings.EMERGENCY_SEARCH_MIN_LETTERS
    if not any(len(word) >= min_letters for word in words):
        return EmergencySearch(
            refusal=_("Skriv minst %(n)d bokstaver av elevens fornavn eller etternavn.") % {"n": min_letters}
        )
    qs = Student.objects.filter(school_id__in=access.staff_school_ids)
    for word in words:
        qs = qs.filter(_name_starts_with(word))
    limit = settings.EMERGENCY_SEARCH_MAX_RESULTS
    found = list(qs.select_related("school_class", "school").order_by("last_name", "first_name")[: limit + 1])
    if len(found) > limit:
        return EmergencySearch(
            refusal=_("Søket passer for mange elever. Skriv mer av navnet, gjerne både fornavn og etternavn.")
        )
    return EmergencySearch(students=found)


def student_of_own_school(access: Access, pk) -> Student:
    """A student of one of the user's schools (for asking emergency access); anything else is 404."""
    student = (
        Student.objects.filter(pk=pk, school_id__in=access.staff_school_ids)
        .select_related("school_class", "school")
        .first()
    )
    if student is None:
        raise Http404
    return student


def student_in_schools(school_ids, pk) -> Student:
    """A student of the given schools (the access-log reviewer's), else 404."""
    student = Student.objects.filter(pk=pk, school_id__in=school_ids).select_related("school_class", "school").first()
    if student is None:
        raise Http404
    return student


def import_schools(access: Access):
    """Schools whose register file the user may import: the schools whose resource team they lead;
    every school for an administrator (superuser)."""
    from laget.organisations.models import School

    if access.user.is_authenticated and access.user.is_superuser:
        return list(School.objects.order_by("name"))
    return list(School.objects.filter(pk__in=access.lead_school_ids).order_by("name"))


def register_import_get(access: Access, pk):
    """An import of a school the user may import for; anything else is 404."""
    from .models import RegisterImport

    school_ids = [s.pk for s in import_schools(access)]
    found = RegisterImport.objects.filter(pk=pk, school_id__in=school_ids).select_related("school").first()
    if found is None:
        raise Http404
    return found


def led_classes(access: Access, school_id=None):
    """(school, classes) of a school whose team the user leads — the one asked for, else the first; 404 otherwise."""
    from laget.organisations.models import School

    schools = list(School.objects.filter(pk__in=access.lead_school_ids).order_by("name"))
    if not schools:
        raise Http404
    school = next((s for s in schools if str(s.pk) == str(school_id)), None) if school_id else schools[0]
    if school is None:
        raise Http404
    from .models import SchoolClass

    classes = SchoolClass.objects.filter(school=school).prefetch_related("contact_teachers").order_by("grade", "name")
    return school, schools, list(classes)


def led_class_get(access: Access, pk):
    from .models import SchoolClass

    found = SchoolClass.objects.filter(pk=pk, school_id__in=access.lead_school_ids).select_related("school").first()
    if found is None:
        raise Http404
    return found
