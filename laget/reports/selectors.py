"""Which schools' figures a user may see. Team members see their own schools' figures, leads also the
compliance view; the owner view (aggregates, never names) is for the owner's staff (OwnerStaff) and superusers."""

from django.http import Http404

from laget.organisations.models import School


def team_schools(access) -> list[School]:
    return list(School.objects.filter(pk__in=access.team_school_ids).order_by("name"))


def school_for_figures(access, school_id=None) -> School:
    """The school whose figures are shown: the one asked for among the user's team schools, else the first."""
    schools = team_schools(access)
    if not schools:
        raise Http404
    if school_id in (None, ""):
        return schools[0]
    for school in schools:
        if str(school.pk) == str(school_id):
            return school
    raise Http404


def school_for_compliance(access, school_id=None) -> School:
    school = school_for_figures(access, school_id if school_id not in (None, "") else _first_led(access))
    if not access.leads(school.pk):
        raise Http404
    return school


def _first_led(access):
    return min(access.lead_school_ids) if access.lead_school_ids else None


def owner_schools(access) -> list[School]:
    """Schools whose aggregated figures the user may see: every school for a superuser, the schools of
    the owners the user works for (`access.owner_ids`, organisations.OwnerStaff), else none (404)."""
    user = access.user
    if user.is_authenticated and user.is_superuser:
        qs = School.objects.all()
    elif access.owner_ids:
        qs = School.objects.filter(owner_id__in=access.owner_ids)
    else:
        raise Http404
    return list(qs.select_related("owner").order_by("owner__name", "name"))
