"""Reads for "Min side" and the student page. Everything is scoped to the signed-in user.

Each list select_related/prefetch_related what laget.cases.disclosure needs
(the student and class, the referral, the consents), so the page's query count stays
flat as rows are added.
"""

from django.utils import timezone

from laget.cases import disclosure
from laget.cases.models import Case, Referral
from laget.cases.plan_selectors import measures_owned_by
from laget.cases.selectors import cases_visible_to
from laget.meetings.models import Meeting, Task
from laget.organisations.access import Access

# What the disclosure policy reads, for a relation named `prefix` (e.g. "case__").
_CASE_RELATED = ["student__school_class", "school", "referral"]


def _case_related(prefix: str) -> list[str]:
    return [f"{prefix}{name}" for name in _CASE_RELATED]


def my_open_tasks(access: Access):
    """Tasks I own that are not done (rule 5: each has an owner and a deadline)."""
    return (
        Task.objects.filter(owner=access.user, done_at__isnull=True)
        .select_related("team__school", "meeting", *_case_related("case__"))
        .prefetch_related("case__consents__agencies", "case__student__guardians")
        .order_by("deadline", "pk")
    )


def my_active_measures(access: Access):
    """Active measures I own, to be evaluated by their evaluation date."""
    return (
        measures_owned_by(access.user)
        .select_related(*_case_related("case__"))
        .prefetch_related("case__consents__agencies", "case__student__guardians")
        .order_by("evaluation_date", "pk")
    )


def my_referrals(access: Access, limit: int = 20):
    """Referrals I wrote (drafts and submitted), newest first."""
    return (
        Referral.objects.filter(author=access.user)
        .select_related("student__school_class", "school", "case__student__school_class", "case__school")
        .prefetch_related("case__consents__agencies", "case__student__guardians")
        .order_by("-updated_at", "-pk")[:limit]
    )


def my_next_meetings(access: Access) -> list[Meeting]:
    """The next meeting of each of my teams."""
    if not access.team_ids:
        return []
    upcoming = (
        Meeting.objects.filter(team_id__in=access.team_ids, starts_at__gte=timezone.now())
        .select_related("team__school")
        .order_by("starts_at", "pk")[: 10 * len(access.team_ids)]
    )
    first_per_team = {}
    for meeting in upcoming:
        first_per_team.setdefault(meeting.team_id, meeting)
    return sorted(first_per_team.values(), key=lambda m: m.starts_at)


def student_cases(access: Access, student) -> list[Case]:
    """The student's cases this user may see named, each with its label. A case the user sees
    only anonymously is left out: it must not be linked to the student (laget.cases.disclosure)."""
    cases = (
        cases_visible_to(access)
        .filter(student=student)
        .select_related("referral")
        .prefetch_related("consents__agencies")
        .order_by("-first_concern_date", "-number")
    )
    cases = disclosure.cases_linked_to_student(access, cases)
    for case in cases:
        case.label = disclosure.case_label(access, case)
    return cases


def cases_awaiting_team(access: Access, limit: int = 20):
    """Open cases of my team's schools not yet put on any agenda: the team's inbox."""
    if not access.team_school_ids:
        return Case.objects.none()
    return (
        Case.objects.filter(school_id__in=access.team_school_ids, status=Case.Status.OPEN, agenda_items__isnull=True)
        .select_related(*_CASE_RELATED)
        .prefetch_related("consents__agencies", "student__guardians")
        .order_by("first_concern_date", "number")[:limit]
    )
