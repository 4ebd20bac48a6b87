"""Deadline provider for the PPT process (laget.deadlines.registry): approvals and steps waiting,
the IEP after the decision, and the next half-year / annual report.

Owner: the user holding the routine's role for the step at the school (team membership), else the
team lead. Titles never name the student; they go into e-mails.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from laget.deadlines.registry import DeadlineItem, register

from . import chain
from .models import PptProcess, ReportKind, Step
from .routines import REPORTS
from .selectors import RoleHolders


def _item(holders, process, *, key, kind, role, due, title):
    owners = holders.responsible(process.school_id, role)
    if not owners:
        return None
    return DeadlineItem(
        key=key,
        kind=kind,
        school_id=process.school_id,
        owner_id=owners[0].pk,
        due=due,
        title=title,
        url=reverse("ppt:process_detail", args=[process.pk]),
        case_id=process.case_id,
    )


def process_deadlines(process, holders) -> list[DeadlineItem]:
    """The open deadlines of one process (steps and reports prefetched)."""
    done = chain.done_steps(process)
    number = process.case.number
    items = []
    step = chain.next_step(process, done)
    due = chain.step_due(process, step, done) if step else None
    if due is not None:
        if step == Step.IEP_DONE:
            key, kind, title = f"ppt.iep:{process.pk}", "ppt.iep", _("IOP for sak %(n)s") % {"n": number}
        else:
            key, kind = f"ppt.step:{process.pk}:{step}", "ppt"
            title = _("PPT, sak %(n)s: %(step)s") % {"n": number, "step": Step(step).label.lower()}
        items.append(_item(holders, process, key=key, kind=kind, role=process.roles.get(step), due=due, title=title))
    for report in chain.report_kinds(process):
        due = chain.next_report_due(process, report, done)
        if due is None:
            continue
        title = _("%(report)s %(year)s for IOP i sak %(n)s") % {
            "report": ReportKind(report).label,
            "year": chain.school_year_label(due),
            "n": number,
        }
        key = f"ppt.report:{process.pk}:{report}:{due.isoformat()}"
        items.append(
            _item(holders, process, key=key, kind="ppt.report", role=process.roles.get(REPORTS), due=due, title=title)
        )
    return [i for i in items if i is not None]


@register("ppt")
def ppt_deadlines(*, school_ids=None, owner_id=None, until=None):
    """Open PPT deadlines; three queries however many processes."""
    qs = PptProcess.objects.filter(status=PptProcess.Status.ACTIVE).select_related("case")
    if school_ids is not None:
        qs = qs.filter(school_id__in=school_ids)
    processes = list(qs.prefetch_related("steps", "reports"))
    holders = RoleHolders({p.school_id for p in processes})
    for process in processes:
        for item in process_deadlines(process, holders):
            if owner_id is not None and item.owner_id != owner_id:
                continue
            if until is not None and item.due > until:
                continue
            yield item
