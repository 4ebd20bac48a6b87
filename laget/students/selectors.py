"""Reads of students. Who may see a student's page and register data is decided by the
disclosure policy (laget.cases.disclosure.students_visible_to / student_get)."""

from django.http import Http404

from laget.organisations.access import Access

from .models import Student


def students_referable_by(access: Access, school_id):
    """Students a user may file a referral about: their classes; team members the whole school.
    Students marked as left by the register import are not offered for a new referral."""
    qs = Student.objects.filter(school_id=school_id, left_on__isnull=True).select_related("school_class")
    if access.is_team_member(school_id):
        return qs
    return qs.filter(school_class_id__in=access.contact_class_ids)


def students_for_emergency_search(access: Access, query: str, limit: int = 25):
    """Nødtilgang: students of the user's own schools whose name matches; another school's never appear."""
    from django.db.models import Q

    words = (query or "").split()[:3]
    if not words or len("".join(words)) < 2 or not access.staff_school_ids:
        return []
    qs = Student.objects.filter(school_id__in=access.staff_school_ids)
    for word in words:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return list(qs.select_related("school_class", "school").order_by("last_name", "first_name")[:limit])


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
