"""Providers for the deadlines that Laget already had: meeting tasks and measure evaluations.

They live here rather than in meetings/ and cases/ so those apps do not depend on the engine.
Titles never name a student: a task on a case is "Oppgave i sak 12", a measure is
"Evaluering av tiltak i sak 12" (the task text and the measure description may name one).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from laget.cases.models import Measure
from laget.meetings.models import Task

from .registry import DeadlineItem, register


def _scope(qs, *, school_field, owner_field, date_field, school_ids, owner_id, until):
    if school_ids is not None:
        qs = qs.filter(**{f"{school_field}__in": list(school_ids)})
    if owner_id is not None:
        qs = qs.filter(**{owner_field: owner_id})
    if until is not None:
        qs = qs.filter(**{f"{date_field}__lte": until})
    return qs


def _task_url(task) -> str:
    if task.meeting_id:
        return reverse("meetings:meeting_detail", args=[task.meeting_id])
    if task.case_id:
        return reverse("cases:case_detail", args=[task.case_id])
    return reverse("deadlines:mine")


@register("tasks")
def task_deadlines(*, school_ids=None, owner_id=None, until=None):
    """Open tasks (logg med ansvar og frister): key "task:<id>", one query."""
    qs = Task.objects.filter(done_at__isnull=True).select_related("case").order_by("deadline", "pk")
    qs = _scope(
        qs,
        school_field="school_id",
        owner_field="owner_id",
        date_field="deadline",
        school_ids=school_ids,
        owner_id=owner_id,
        until=until,
    )
    for task in qs:
        title = _("Oppgave i sak %(number)s") % {"number": task.case.number} if task.case_id else task.title
        yield DeadlineItem(
            key=f"task:{task.pk}",
            kind="task",
            school_id=task.school_id,
            owner_id=task.owner_id,
            due=task.deadline,
            title=title,
            url=_task_url(task),
            case_id=task.case_id,
        )


@register("measures")
def measure_deadlines(*, school_ids=None, owner_id=None, until=None):
    """Active measures to evaluate: key "measure:<id>:<evaluation_date>", so a new evaluation date
    (the measure continued) is a new deadline with its own reminders. One query."""
    qs = Measure.objects.filter(status=Measure.Status.ACTIVE).select_related("case").order_by("evaluation_date", "pk")
    qs = _scope(
        qs,
        school_field="case__school_id",
        owner_field="owner_id",
        date_field="evaluation_date",
        school_ids=school_ids,
        owner_id=owner_id,
        until=until,
    )
    for measure in qs:
        yield DeadlineItem(
            key=f"measure:{measure.pk}:{measure.evaluation_date.isoformat()}",
            kind="measure",
            school_id=measure.case.school_id,
            owner_id=measure.owner_id,
            due=measure.evaluation_date,
            title=_("Evaluering av tiltak i sak %(number)s") % {"number": measure.case.number},
            url=reverse("plans:measure_evaluate", args=[measure.pk]),
            case_id=measure.case_id,
        )
