"""The order of the PPT chain and its deadlines, computed from a process and its done steps.

Pure functions over already-loaded rows (a process with `steps` and `reports` prefetched), so the
process page, the list and the deadline provider agree and stay at a flat number of queries.
"""

import datetime

from .models import STEP_ORDER, PptProcess, ReportKind, Step

# Steps whose deadline is the routine's step_days after the step before (seed 004: "uten ugrunnet
# opphold"). The expert assessment is PPT's work: the school has no deadline for it.
STEP_DEADLINE_STEPS = {
    Step.DEPARTMENT_APPROVED,
    Step.PRINCIPAL_APPROVED,
    Step.SENT,
    Step.DECISION_DRAFTED,
    Step.DECISION_APPROVED,
}
REPORT_DAY = {ReportKind.HALF_YEAR: (1, 31), ReportKind.ANNUAL: (5, 30)}


def done_steps(process: PptProcess) -> dict:
    return {s.step: s for s in process.steps.all()}


def next_step(process: PptProcess, done: dict | None = None) -> str | None:
    """The first step not yet done (steps are done in order), or None when the IEP is done."""
    done = done_steps(process) if done is None else done
    for step in STEP_ORDER:
        if step not in done:
            return step
    return None


def step_due(process: PptProcess, step: str, done: dict) -> datetime.date | None:
    """The deadline of a pending step, or None when the routine sets none."""
    if step == Step.IEP_DONE:
        decision = done.get(Step.DECISION_APPROVED)
        return decision.date + datetime.timedelta(days=process.iep_days) if decision else None
    if step in STEP_DEADLINE_STEPS:
        previous = done.get(STEP_ORDER[STEP_ORDER.index(step) - 1])
        return previous.date + datetime.timedelta(days=process.step_days) if previous else None
    return None


def report_kinds(process: PptProcess) -> list[str]:
    """The law requires the annual report; the half-year report only where the routine keeps it."""
    if process.keep_half_year_report:
        return [ReportKind.HALF_YEAR, ReportKind.ANNUAL]
    return [ReportKind.ANNUAL]


def first_report_due_after(kind: str, day: datetime.date) -> datetime.date:
    """The first 31.01 / 30.05 after `day`: the report of the school year the IEP runs in."""
    month, dom = REPORT_DAY[kind]
    due = datetime.date(day.year, month, dom)
    return due if due > day else datetime.date(day.year + 1, month, dom)


def next_report_due(process: PptProcess, kind: str, done: dict) -> datetime.date | None:
    """The next report of `kind` not yet delivered, counted from the day the IEP was done."""
    iep = done.get(Step.IEP_DONE)
    if iep is None or process.status != PptProcess.Status.ACTIVE:
        return None
    delivered = {r.due for r in process.reports.all() if r.kind == kind}
    due = first_report_due_after(kind, iep.date)
    while due in delivered:
        due = due.replace(year=due.year + 1)
    return due


def school_year_label(due: datetime.date) -> str:
    """A due date in the spring belongs to the school year that started the August before."""
    start = due.year if due.month >= 8 else due.year - 1
    return f"{start}/{str(start + 1)[-2:]}"
