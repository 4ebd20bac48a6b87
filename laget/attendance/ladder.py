"""The ladder's rules as plain functions: which ladder a school uses, which step is next, when
each step is due (rule 7: walked in order, each deadline from the routine) and who owns it."""

import datetime

from django.db.models import Q

from .models import CONTACT_TEACHER, FOLLOWER_ROLE, FollowUp, Ladder, LadderStep

DEFAULT_PRESET = "breivang"


def _routine_ladder_code(school) -> str | None:
    """The attendance ladder the school's routine names (routines.data["attendance_ladder"]), if any."""
    from laget.routines.selectors import routine_for_school

    version = routine_for_school(school)
    return ((version.data or {}).get("attendance_ladder") if version else None) or None


def ladder_for_school(school) -> Ladder | None:
    """The school's own ladder, else its owner's, else the shared ladder its routine names, else the default preset."""
    candidates = Ladder.objects.filter(
        Q(school=school) | Q(school__isnull=True, owner_id=school.owner_id) | Q(school__isnull=True, owner__isnull=True)
    )
    wanted = _routine_ladder_code(school) or DEFAULT_PRESET
    ranked = sorted(
        candidates,
        key=lambda lad: (lad.school_id is None, lad.owner_id is None, lad.code != wanted, lad.code != DEFAULT_PRESET),
    )
    return ranked[0] if ranked else None


def follow_up_steps(ladder_steps: list[LadderStep]) -> list[LadderStep]:
    return [s for s in ladder_steps if s.phase == LadderStep.Phase.FOLLOW_UP]


def next_step(followup: FollowUp, ladder_steps: list[LadderStep], records: list) -> LadderStep | None:
    """The lowest follow-up step not yet recorded; None when the ladder has been walked to the top."""
    done = {r.step_id for r in records}
    for step in follow_up_steps(ladder_steps):
        if step.pk not in done:
            return step
    return None


def step_due(step: LadderStep, followup: FollowUp, ladder_steps: list[LadderStep], records: list):
    """The step's deadline from the ladder's rule, or None (no rule, or the previous step is not done yet).

    same_day: the day of the absence that opened the follow-up; after_absence: N days after it;
    after_previous: N days after the date the previous follow-up step was done."""
    rule = step.deadline_rule
    if rule == LadderStep.DeadlineRule.SAME_DAY:
        return followup.opened_on
    if rule == LadderStep.DeadlineRule.AFTER_ABSENCE:
        return followup.opened_on + datetime.timedelta(days=step.deadline_days)
    if rule == LadderStep.DeadlineRule.AFTER_PREVIOUS:
        earlier = [s for s in follow_up_steps(ladder_steps) if s.number < step.number]
        if not earlier:
            return followup.opened_on + datetime.timedelta(days=step.deadline_days)
        previous = {r.step_id: r for r in records}.get(earlier[-1].pk)
        if previous is None:
            return None
        return previous.done_on + datetime.timedelta(days=step.deadline_days)
    return None


def evaluation_due(step: LadderStep, record) -> datetime.date | None:
    if step.evaluation_after_days is None or record is None:
        return None
    return record.done_on + datetime.timedelta(days=step.evaluation_after_days)


def step_owner_id(step: LadderStep, followup: FollowUp, role_holders: dict) -> int | None:
    """The person who owns a step: the student's contact teacher for «kontaktlaerer», else the first
    team member holding the step's role at the school, else the follow-up's attendance follower.

    `role_holders` maps (school_id, role code) to user ids (see selectors.role_holders)."""
    if step.owner_role == CONTACT_TEACHER:
        teachers = sorted(u.pk for u in followup.student.school_class.contact_teachers.all())
        if teachers:
            return teachers[0]
    elif step.owner_role:
        holders = role_holders.get((followup.school_id, step.owner_role))
        if holders:
            return holders[0]
    if followup.follower_id:
        return followup.follower_id
    holders = role_holders.get((followup.school_id, FOLLOWER_ROLE))
    return holders[0] if holders else None
