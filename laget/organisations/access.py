"""Who may see what: the need-to-know relations of one user, computed once per request.

A person sees a student only through a relation that gives a reason: their team (the
school's resource team), their class (contact teacher), a referral they wrote, or a
measure or task they own. Everything else does not exist for them (selectors return 404).
"""

from functools import cached_property

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.audit.models import EmergencyAccess
from laget.audit.services import access_log_write, access_log_write_many

from .models import Membership, OwnerStaff, Staff


class Access:
    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self) -> list[Membership]:
        if not self.user.is_authenticated:
            return []
        return list(
            Membership.objects.filter(user=self.user, active=True).select_related(
                "role", "team", "team__school", "agency"
            )
        )

    @cached_property
    def staff_school_ids(self) -> set[int]:
        if not self.user.is_authenticated:
            return set()
        ids = set(Staff.objects.filter(user=self.user).values_list("school_id", flat=True))
        return ids | self.team_school_ids

    @cached_property
    def owner_ids(self) -> set[int]:
        """Owners (kommune / fylkeskommune) this user works for: their aggregated key figures only."""
        if not self.user.is_authenticated:
            return set()
        return set(OwnerStaff.objects.filter(user=self.user).values_list("owner_id", flat=True))

    @cached_property
    def team_school_ids(self) -> set[int]:
        return {m.team.school_id for m in self.memberships}

    @cached_property
    def team_ids(self) -> set[int]:
        return {m.team_id for m in self.memberships}

    @cached_property
    def fixed_school_ids(self) -> set[int]:
        """Schools whose team this user is a fixed member of: the team consent scope covers them."""
        return {m.team.school_id for m in self.memberships if m.kind == Membership.Kind.FIXED}

    @cached_property
    def invited_agencies(self) -> dict[int, list]:
        """School id → the agencies this user is an invited member from (None when not recorded).
        What they may know of a case follows the consent for their agency (laget.cases.disclosure)."""
        agencies: dict[int, list] = {}
        for m in self.memberships:
            if m.kind == Membership.Kind.INVITED:
                agencies.setdefault(m.team.school_id, []).append(m.agency)
        return agencies

    @cached_property
    def lead_school_ids(self) -> set[int]:
        return {m.team.school_id for m in self.memberships if m.role.leads_team}

    @cached_property
    def restricted_school_ids(self) -> set[int]:
        return {m.team.school_id for m in self.memberships if m.role.sees_restricted}

    @cached_property
    def protected_address_school_ids(self) -> set[int]:
        return {m.team.school_id for m in self.memberships if m.role.sees_protected_address}

    @cached_property
    def contact_class_ids(self) -> set[int]:
        if not self.user.is_authenticated:
            return set()
        return set(self.user.contact_classes.values_list("pk", flat=True))

    def is_team_member(self, school_id) -> bool:
        return school_id in self.team_school_ids

    def leads(self, school_id) -> bool:
        return school_id in self.lead_school_ids

    def sees_restricted(self, school_id) -> bool:
        return school_id in self.restricted_school_ids

    def sees_protected_address(self, school_id) -> bool:
        """May see a protected guardian's address, phone and e-mail (fortrolig adresse, rule in laget.privacy)."""
        return school_id in self.protected_address_school_ids

    def role_label(self, school_id=None) -> str:
        roles = [m.role.name for m in self.memberships if school_id is None or m.team.school_id == school_id]
        if roles:
            return ", ".join(sorted(set(roles)))
        if self.contact_class_ids:
            return _("Kontaktlærer")
        return _("Ansatt")

    # The need-to-know relations are resolved to short id lists first, each by an indexed query
    # scoped to this user (their referrals, measures, tasks, classes, emergency grants), and what
    # their teams already cover is left out. The filters are then an OR of plain `IN` lists on
    # indexed columns, which PostgreSQL answers with a BitmapOr of index scans: one school's pages
    # cost the same whatever other schools hold (an OR across left joins of referrals, cases,
    # measures and tasks once filtered the whole installation's rows). Keep it so: no joins here.

    def _outside_teams(self, qs, student_path: str):
        return qs.exclude(**{f"{student_path}school_id__in": self.team_school_ids})

    @cached_property
    def contact_student_ids(self) -> set[int]:
        """Students of this user's classes and those they hold an emergency access to, outside their teams."""
        if not self.user.is_authenticated:
            return set()
        from laget.students.models import Student

        emergency = self.emergency_student_ids_subquery()
        students = Student.objects.filter(Q(school_class_id__in=self.contact_class_ids) | Q(pk__in=emergency))
        return set(self._outside_teams(students, "").values_list("pk", flat=True))

    @cached_property
    def owned_case_ids(self) -> set[int]:
        """Cases outside this user's teams where they own a measure or a task (one UNION query)."""
        if not self.user.is_authenticated:
            return set()
        from laget.cases.models import Measure
        from laget.meetings.models import Task

        uid = self.user.pk
        measures = self._outside_teams(Measure.objects.filter(owner_id=uid), "case__")
        tasks = self._outside_teams(Task.objects.filter(owner_id=uid, case__isnull=False), "case__")
        first, second = (qs.order_by().values_list("case_id", flat=True) for qs in (measures, tasks))
        return set(first.union(second))

    @cached_property
    def related_case_ids(self) -> set[int]:
        """Cases outside this user's teams they have a relation to: a referral they wrote, a measure
        or a task they own (indexed lookups by user)."""
        if not self.user.is_authenticated:
            return set()
        from laget.cases.models import Referral

        authored = self._outside_teams(Referral.objects.filter(author_id=self.user.pk, case__isnull=False), "case__")
        return self.owned_case_ids | set(authored.order_by().values_list("case_id", flat=True))

    def case_q(self) -> Q:
        """A filter for cases this user may see: their teams' cases, the cases of their classes' and
        emergency students, and cases they have a relation to."""
        return (
            Q(school_id__in=self.team_school_ids)
            | Q(student_id__in=self.contact_student_ids)
            | Q(pk__in=self.related_case_ids)
        )

    def emergency_student_ids_subquery(self):
        """Students this user holds an unexpired emergency access to (nødtilgang), as a subquery."""
        own_schools = Q(school_id__in=Staff.objects.filter(user_id=self.user.pk).values("school_id")) | Q(
            school_id__in=self.team_school_ids
        )
        return EmergencyAccess.objects.filter(own_schools, user_id=self.user.pk, expires_at__gt=timezone.now()).values(
            "student_id"
        )

    @cached_property
    def emergency_grants(self) -> dict:
        """Unexpired emergency accesses, student id → the latest grant (for the access log)."""
        if not self.user.is_authenticated:
            return {}
        grants = EmergencyAccess.objects.filter(user_id=self.user.pk, expires_at__gt=timezone.now())
        return {g.student_id: g for g in grants.order_by("granted_at")}

    def emergency_grant_for(self, school_id, student_id):
        """The grant through which this user sees the student, or None. Team members see their whole
        school anyway, so their reads are never emergency reads (and cost no query)."""
        if student_id is None or school_id in self.team_school_ids:
            return None
        return self.emergency_grants.get(student_id)

    def log(
        self,
        *,
        action: str,
        school_id,
        student_id=None,
        obj=None,
        detail: str = "",
        reason: str = "",
        emergency: bool = False,
    ):
        """Write the access-log row for what this user is about to be shown or has changed.

        A read through an emergency access is marked emergency with the grant's reason."""
        grant = self.emergency_grant_for(school_id, student_id)
        if grant is not None and not emergency:
            emergency, reason = True, reason or grant.reason
        return access_log_write(
            user=self.user,
            role=self.role_label(school_id),
            action=action,
            school_id=school_id,
            student_id=student_id,
            obj=obj,
            detail=detail,
            reason=reason,
            emergency=emergency,
        )

    def log_students(self, *, action: str, school_id, student_ids, obj=None, detail: str = ""):
        """One row per student shown (a document naming several students), written together in one
        insert; a read through an emergency access keeps its own row with the grant's reason."""
        plain = []
        for student_id in dict.fromkeys(student_ids):
            if self.emergency_grant_for(school_id, student_id) is None:
                plain.append((student_id, obj))
            else:
                self.log(action=action, school_id=school_id, student_id=student_id, obj=obj, detail=detail)
        return access_log_write_many(
            user=self.user,
            role=self.role_label(school_id),
            action=action,
            school_id=school_id,
            rows=plain,
            detail=detail,
        )


def access_for(request) -> Access:
    access = getattr(request, "_laget_access", None)
    if access is None or access.user is not request.user:
        access = Access(request.user)
        request._laget_access = access
    return access
