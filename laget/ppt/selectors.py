"""Reads of PPT processes, scoped: the PPT process of a case is for the school's resource team.

Anything else answers 404 (rule 1). Who is responsible for a step comes from the routine's role
codes and the school's team memberships, with the team lead as the fallback.
"""

from collections import defaultdict

from django.http import Http404

from laget.cases.selectors import case_get
from laget.organisations.access import Access
from laget.organisations.models import Membership

from .models import PptProcess, PptStep


def _with_rows(qs):
    return qs.select_related(
        "case", "case__referral", "case__student", "case__student__school_class", "school"
    ).prefetch_related("steps__done_by", "reports__done_by", "case__consents__agencies")


def processes_for_case(access: Access, case):
    """All PPT processes of a case the caller fetched with case_get; only for the school's team."""
    if not access.is_team_member(case.school_id):
        raise Http404
    return _with_rows(PptProcess.objects.filter(case=case))


def process_get(access: Access, pk) -> PptProcess:
    case_id = PptProcess.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404
    case = case_get(access, case_id)
    if not access.is_team_member(case.school_id):
        raise Http404
    process = _with_rows(PptProcess.objects.filter(pk=pk)).get()
    process.case = case
    return process


def process_list_for(access: Access, *, active_only: bool = True):
    """The PPT processes of the schools whose resource team the user is on."""
    qs = PptProcess.objects.filter(school_id__in=access.team_school_ids)
    if active_only:
        qs = qs.filter(status=PptProcess.Status.ACTIVE)
    return _with_rows(qs).order_by("case__number", "pk")


def step_file_get(access: Access, pk) -> PptStep:
    step = PptStep.objects.filter(pk=pk).exclude(file="").select_related("process").first()
    if step is None:
        raise Http404
    process_get(access, step.process_id)
    return step


class RoleHolders:
    """Active team members by school and role code, loaded once for many processes."""

    def __init__(self, school_ids):
        self.by_role = defaultdict(list)
        self.leads = defaultdict(list)
        rows = (
            Membership.objects.filter(active=True, team__school_id__in=set(school_ids))
            .select_related("user", "role", "team")
            .order_by("pk")
        )
        for m in rows:
            school_id = m.team.school_id
            if m.user not in self.by_role[(school_id, m.role.code)]:
                self.by_role[(school_id, m.role.code)].append(m.user)
            if m.role.leads_team and m.user not in self.leads[school_id]:
                self.leads[school_id].append(m.user)

    def responsible(self, school_id, role_code) -> list:
        """Those holding the role at the school; the team lead when nobody does."""
        return self.by_role.get((school_id, role_code)) or self.leads.get(school_id, [])

    def holds(self, user, school_id, role_code) -> bool:
        return user in self.responsible(school_id, role_code)


def may_act(access: Access, school_id, role_code) -> bool:
    """The user holds the routine's role for the step at the school, or leads the team there when
    nobody holds that role."""
    if any(m.team.school_id == school_id and m.role.code == role_code for m in access.memberships):
        return True
    if not access.leads(school_id):
        return False
    return not Membership.objects.filter(active=True, team__school_id=school_id, role__code=role_code).exists()
