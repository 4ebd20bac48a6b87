"""Reads for the team pages, scoped to what the lead of the school's team may manage (404 otherwise)."""

from django.db.models import Q
from django.http import Http404

from .models import Agency, Membership, Role, Staff, Team


def led_teams(access) -> list[Team]:
    """The teams whose school the user leads (rektor, avdelingsleder …)."""
    return list(
        Team.objects.filter(school_id__in=access.lead_school_ids).select_related("school").order_by("school__name")
    )


def led_team_get(access, school_id=None) -> Team:
    """The led team asked for (by school id), else the first; 404 for anyone who leads none."""
    teams = led_teams(access)
    if not teams:
        raise Http404
    if school_id in (None, ""):
        return teams[0]
    for team in teams:
        if str(team.school_id) == str(school_id):
            return team
    raise Http404


def team_memberships(team: Team) -> list[Membership]:
    return list(
        team.memberships.filter(active=True)
        .select_related("user", "role", "agency")
        .order_by("-role__leads_team", "kind", "role__name", "user__last_name")
    )


def membership_for_lead(access, pk) -> Membership:
    found = (
        Membership.objects.filter(pk=pk, active=True, team__school_id__in=access.lead_school_ids)
        .select_related("team__school", "user", "role", "agency")
        .first()
    )
    if found is None:
        raise Http404
    return found


def school_staff(school_id):
    """The school's staff (people who may be put on its team)."""
    return (
        Staff.objects.filter(school_id=school_id).select_related("user").order_by("user__last_name", "user__first_name")
    )


def roles():
    return Role.objects.order_by("name")


def agencies_for_school(school):
    """Agencies the school may invite: its own and those serving every school of its owner."""
    return Agency.objects.filter(Q(school=school) | Q(school__isnull=True), owner_id=school.owner_id).order_by("name")


def agency_for_lead(access, pk) -> Agency:
    """An agency the lead may edit: one registered for a school they lead (owner-wide ones are the owner's)."""
    found = Agency.objects.filter(pk=pk, school_id__in=access.lead_school_ids).select_related("school").first()
    if found is None:
        raise Http404
    return found


def led_team_by_pk(access, pk) -> Team:
    team = Team.objects.filter(pk=pk, school_id__in=access.lead_school_ids).select_related("school").first()
    if team is None:
        raise Http404
    return team
