"""What the PPT pages show of a process: the ladder, the next step with its owner and deadline,
and the reports due. Built from prefetched rows and one RoleHolders per page (flat queries)."""

from dataclasses import dataclass, field

from laget.organisations.models import Role

from . import chain
from .models import STEP_ORDER, PptProcess, ReportKind, Step
from .routines import REPORTS


@dataclass
class LadderRow:
    step: str
    label: str
    role: str
    done: object = None  # the PptStep, when done
    is_next: bool = False
    due: object = None
    responsible: list = field(default_factory=list)


@dataclass
class ReportRow:
    kind: str
    label: str
    due: object
    school_year: str
    responsible: list


@dataclass
class Overview:
    process: PptProcess
    ladder: list
    next: LadderRow | None
    reports: list
    delivered: list

    @property
    def next_due(self):
        dues = [r.due for r in self.reports]
        if self.next is not None and self.next.due is not None:
            dues.append(self.next.due)
        return min(dues) if dues else None


def role_names() -> dict:
    return dict(Role.objects.values_list("code", "name"))


def overview(process: PptProcess, holders, names: dict) -> Overview:
    done = chain.done_steps(process)
    pending = chain.next_step(process, done)
    ladder = []
    for step in STEP_ORDER:
        code = process.roles.get(step, "")
        row = LadderRow(step=step, label=str(Step(step).label), role=names.get(code, code), done=done.get(step))
        if step == pending:
            row.is_next = True
            row.due = chain.step_due(process, step, done)
            row.responsible = holders.responsible(process.school_id, code)
        ladder.append(row)
    reports = []
    for kind in chain.report_kinds(process):
        due = chain.next_report_due(process, kind, done)
        if due is not None:
            reports.append(
                ReportRow(
                    kind=kind,
                    label=str(ReportKind(kind).label),
                    due=due,
                    school_year=chain.school_year_label(due),
                    responsible=holders.responsible(process.school_id, process.roles.get(REPORTS)),
                )
            )
    next_row = next((r for r in ladder if r.is_next), None)
    return Overview(
        process=process, ladder=ladder, next=next_row, reports=reports, delivered=list(process.reports.all())
    )
