"""Deadline provider: each open follow-up's next ladder step, and evaluations that are due (rule 7)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from laget.deadlines.registry import DeadlineItem, register

from . import ladder as ladder_rules
from .models import FollowUp, LadderStep, StepRecord
from .selectors import ladder_state, role_holders


@register("attendance")
def attendance_deadlines(*, school_ids=None, owner_id=None, until=None):
    """A few queries however many follow-ups: follow-ups with records, their ladders' steps, role holders."""
    from django.db.models import Prefetch

    followups = (
        FollowUp.objects.filter(status=FollowUp.Status.OPEN)
        .select_related("student__school_class")
        .prefetch_related(
            "student__school_class__contact_teachers",
            Prefetch("records", queryset=StepRecord.objects.select_related("step")),
        )
    )
    if school_ids is not None:
        followups = followups.filter(school_id__in=school_ids)
    followups = list(followups)
    steps_by_ladder: dict = {}
    for step in LadderStep.objects.filter(ladder_id__in={f.ladder_id for f in followups}).order_by("number"):
        steps_by_ladder.setdefault(step.ladder_id, []).append(step)
    holders = role_holders({f.school_id for f in followups})
    items = []
    for followup in followups:
        steps = steps_by_ladder.get(followup.ladder_id, [])
        state = ladder_state(followup, steps)
        url = reverse("attendance:followup_detail", args=[followup.pk])
        nxt = state["next"]
        if nxt and nxt["due"]:
            items.append(_item(followup, nxt["step"], nxt["due"], holders, url, evaluation=False))
        for row in state["rows"]:
            if row["record"] and row["evaluation_due"] and not row["record"].evaluated_on:
                items.append(_item(followup, row["step"], row["evaluation_due"], holders, url, evaluation=True))
    return [
        i
        for i in items
        if i is not None and (owner_id is None or i.owner_id == owner_id) and (until is None or i.due <= until)
    ]


def _item(followup, step, due, holders, url, *, evaluation: bool):
    owner = ladder_rules.step_owner_id(step, followup, holders)
    if owner is None:
        return None
    if evaluation:
        key = f"ladder:{followup.pk}:{step.number}:evaluering"
        title = _("Evaluer tiltakstrappa trinn %(n)s (%(cls)s)")
    else:
        key = f"ladder:{followup.pk}:{step.number}"
        title = _("Tiltakstrappa trinn %(n)s: %(title)s (%(cls)s)")
    return DeadlineItem(
        key=key,
        kind="ladder_step",
        school_id=followup.school_id,
        owner_id=owner,
        due=due,
        title=title % {"n": step.number, "title": step.title, "cls": followup.student.school_class.name},
        url=url,
        case_id=followup.case_id,
    )
