"""The chain: steps in order, approvals by the routine's roles, IEP and report deadlines."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from ppt_helpers import access, add_member, discuss, evaluated_measure, ready_case

from laget.cases.models import Case, TimelineEntry
from laget.deadlines.registry import open_deadlines
from laget.ppt import chain
from laget.ppt.deadlines import ppt_deadlines
from laget.ppt.models import PptReport, ReportKind, Step
from laget.ppt.routines import ppt_routine_apply_preset, routine_for_school
from laget.ppt.services import ppt_referral_create, ppt_report_record, ppt_step_record

REPORT = "Eleven har svakt utbytte i norsk og matematikk til tross for tilpasninger."


@pytest.fixture
def breivang(world):
    ppt_routine_apply_preset(school=world.school, preset="breivang")
    return {
        "radgiver": add_member(world, "radgiver", "radgiver"),
        "avdelingsleder": add_member(world, "avdleder", "avdelingsleder"),
        "rektor": world.lead,
    }


def _walk(process, people, until, *, day=None):
    """Do the steps up to and including `until`, each by the person holding its role."""
    who = {
        Step.DEPARTMENT_APPROVED: "avdelingsleder",
        Step.PRINCIPAL_APPROVED: "rektor",
        Step.SENT: "radgiver",
        Step.ASSESSMENT_RECEIVED: "avdelingsleder",
        Step.DECISION_DRAFTED: "avdelingsleder",
        Step.DECISION_APPROVED: "rektor",
        Step.IEP_DONE: "avdelingsleder",
    }
    for step, role in who.items():
        ppt_step_record(access=access(people[role]), process=process, step=step, date=day)
        if step == until:
            return


def test_breivang_preset_and_default(world):
    assert routine_for_school(world.school).iep_days == 30
    assert routine_for_school(world.school).keep_half_year_report is False
    routine = ppt_routine_apply_preset(school=world.school, preset="breivang")
    assert routine.iep_days == 21
    assert routine.keep_half_year_report is True
    assert routine.roles[Step.REFERRAL_DRAFTED] == "radgiver"
    assert routine.roles[Step.DECISION_DRAFTED] == "avdelingsleder"
    assert routine_for_school(world.school).pk == routine.pk


def test_owner_routine_applies_unless_school_has_its_own(world):
    ppt_routine_apply_preset(owner=world.owner, preset="breivang")
    assert routine_for_school(world.other_school).preset == "breivang"


@time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0), tick=False)
def test_steps_must_be_taken_in_order(world, case_factory, breivang):
    case = ready_case(world, case_factory)
    process = ppt_referral_create(access=access(breivang["radgiver"]), case=case, pedagogical_report=REPORT)
    with pytest.raises(ValidationError, match="rekkefølge"):
        ppt_step_record(access=access(world.lead), process=process, step=Step.PRINCIPAL_APPROVED)
    ppt_step_record(access=access(breivang["avdelingsleder"]), process=process, step=Step.DEPARTMENT_APPROVED)
    ppt_step_record(access=access(world.lead), process=process, step=Step.PRINCIPAL_APPROVED)
    with pytest.raises(ValidationError, match="rekkefølge"):
        ppt_step_record(access=access(world.lead), process=process, step=Step.DECISION_APPROVED)


@time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0), tick=False)
def test_approvals_only_by_the_routines_roles(world, case_factory, breivang):
    case = ready_case(world, case_factory)
    process = ppt_referral_create(access=access(breivang["radgiver"]), case=case, pedagogical_report=REPORT)
    # The principal may not stand in for the department head, nor the counsellor, nor a member.
    for user in (world.lead, breivang["radgiver"], world.member):
        with pytest.raises(PermissionDenied):
            ppt_step_record(access=access(user), process=process, step=Step.DEPARTMENT_APPROVED)
    ppt_step_record(access=access(breivang["avdelingsleder"]), process=process, step=Step.DEPARTMENT_APPROVED)
    with pytest.raises(PermissionDenied):
        ppt_step_record(access=access(breivang["avdelingsleder"]), process=process, step=Step.PRINCIPAL_APPROVED)
    ppt_step_record(access=access(world.lead), process=process, step=Step.PRINCIPAL_APPROVED)


@time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0), tick=False)
def test_sending_needs_consent_to_share_with_ppt(world, case_factory, breivang):
    case = case_factory(consent=True)  # consent for the team only
    discuss(world, case)
    evaluated_measure(world, case)
    process = ppt_referral_create(access=access(breivang["radgiver"]), case=case, pedagogical_report=REPORT)
    _walk(process, breivang, Step.PRINCIPAL_APPROVED)
    with pytest.raises(ValidationError, match="samtykke"):
        ppt_step_record(access=access(breivang["radgiver"]), process=process, step=Step.SENT)


@time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0), tick=False)
def test_sending_sets_case_outcome_and_every_step_is_on_the_timeline(world, case_factory, breivang):
    case = ready_case(world, case_factory)
    process = ppt_referral_create(access=access(breivang["radgiver"]), case=case, pedagogical_report=REPORT)
    _walk(process, breivang, Step.PRINCIPAL_APPROVED)
    ppt_step_record(access=access(breivang["radgiver"]), process=process, step=Step.SENT, set_case_outcome=True)
    case.refresh_from_db()
    assert case.outcome == Case.Outcome.PPT
    assert case.status == Case.Status.OPEN
    kinds = list(TimelineEntry.objects.filter(case=case, kind__startswith="ppt.").values_list("kind", flat=True))
    assert kinds == ["ppt.referral_drafted", "ppt.department_approved", "ppt.principal_approved", "ppt.sent"]
    for summary in TimelineEntry.objects.filter(case=case).values_list("summary", flat=True):
        assert "Ola" not in summary
        assert "Nordmann" not in summary


def test_iep_due_is_decision_plus_routine_days(world, case_factory, breivang):
    case = ready_case(world, case_factory)
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0), tick=False):
        process = ppt_referral_create(access=access(breivang["radgiver"]), case=case, pedagogical_report=REPORT)
        _walk(process, breivang, Step.DECISION_DRAFTED)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0), tick=False):
        ppt_step_record(
            access=access(world.lead), process=process, step=Step.DECISION_APPROVED, date=datetime.date(2026, 11, 20)
        )
        items = [d for d in ppt_deadlines() if d.key == f"ppt.iep:{process.pk}"]
    assert len(items) == 1
    assert items[0].due == datetime.date(2026, 11, 20) + datetime.timedelta(days=21)
    assert items[0].owner_id == breivang["avdelingsleder"].pk
    assert "Ola" not in items[0].title


def test_date_before_previous_step_or_in_future_is_refused(world, case_factory, breivang):
    case = ready_case(world, case_factory)
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0), tick=False):
        process = ppt_referral_create(access=access(breivang["radgiver"]), case=case, pedagogical_report=REPORT)
        _walk(process, breivang, Step.PRINCIPAL_APPROVED)
        with pytest.raises(ValidationError, match="før forrige steg"):
            ppt_step_record(
                access=access(breivang["radgiver"]), process=process, step=Step.SENT, date=datetime.date(2026, 9, 1)
            )
        with pytest.raises(ValidationError, match="fram i tid"):
            ppt_step_record(
                access=access(breivang["radgiver"]), process=process, step=Step.SENT, date=datetime.date(2026, 11, 1)
            )


def _process_with_iep(world, case_factory, people, iep_day):
    case = ready_case(world, case_factory)
    with time_machine.travel(datetime.datetime.combine(iep_day, datetime.time(10)), tick=False):
        process = ppt_referral_create(access=access(people["radgiver"]), case=case, pedagogical_report=REPORT)
        _walk(process, people, Step.IEP_DONE, day=iep_day)
    return process


@pytest.mark.parametrize(
    ("iep_day", "annual_due"),
    [
        (datetime.date(2026, 10, 15), datetime.date(2027, 5, 30)),  # autumn: this school year's report
        (datetime.date(2027, 3, 1), datetime.date(2027, 5, 30)),  # spring, before 30.05
        (datetime.date(2027, 6, 10), datetime.date(2028, 5, 30)),  # after 30.05: next school year
    ],
)
def test_annual_report_due_30_may_of_the_right_school_year(world, case_factory, breivang, iep_day, annual_due):
    process = _process_with_iep(world, case_factory, breivang, iep_day)
    with time_machine.travel(datetime.datetime.combine(iep_day, datetime.time(12)), tick=False):
        keys = {d.key: d for d in ppt_deadlines()}
    item = keys[f"ppt.report:{process.pk}:annual:{annual_due.isoformat()}"]
    assert item.due == annual_due
    assert item.owner_id == breivang["avdelingsleder"].pk
    assert chain.school_year_label(annual_due) in item.title


def test_annual_report_moves_to_next_school_year_once_delivered(world, case_factory, breivang):
    process = _process_with_iep(world, case_factory, breivang, datetime.date(2026, 10, 15))
    with time_machine.travel(datetime.datetime(2027, 5, 20, 12), tick=False):
        report = ppt_report_record(access=access(breivang["avdelingsleder"]), process=process, kind=ReportKind.ANNUAL)
        assert report.due == datetime.date(2027, 5, 30)
        assert report.school_year == "2026/27"
        dues = [d.due for d in ppt_deadlines() if d.key.startswith(f"ppt.report:{process.pk}:annual")]
    assert dues == [datetime.date(2028, 5, 30)]
    assert TimelineEntry.objects.filter(case=process.case, kind="ppt.report.annual").exists()


def test_half_year_report_only_where_the_routine_keeps_it(world, case_factory, breivang):
    kept = _process_with_iep(world, case_factory, breivang, datetime.date(2026, 10, 15))
    half = [d for d in ppt_deadlines() if d.key.startswith(f"ppt.report:{kept.pk}:half_year")]
    assert [d.due for d in half] == [datetime.date(2027, 1, 31)]

    ppt_routine_apply_preset(school=world.school, preset="default")
    coordinator = add_member(world, "spesped", "spesped")
    with time_machine.travel(datetime.datetime(2026, 10, 15, 10), tick=False):
        process = ppt_referral_create(
            access=access(coordinator), case=ready_case(world, case_factory), pedagogical_report=REPORT
        )
    assert process.keep_half_year_report is False  # copied from the routine when the process started
    assert chain.report_kinds(process) == [ReportKind.ANNUAL]
    assert kept.keep_half_year_report is True  # a running process keeps its routine
    with pytest.raises(ValidationError, match="halvårsrapport"):
        ppt_report_record(access=access(coordinator), process=process, kind=ReportKind.HALF_YEAR)
    assert not PptReport.objects.exists()


def test_provider_owner_falls_back_to_team_lead_and_is_registered(world, case_factory):
    # Default routine; nobody holds avdelingsleder, so the principal (team lead) owns the approval.
    case = ready_case(world, case_factory)
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0), tick=False):
        process = ppt_referral_create(access=access(world.lead), case=case, pedagogical_report=REPORT)
    items = [d for d in open_deadlines(school_ids=[world.school.pk]) if d.key.startswith("ppt.")]
    assert [(d.key, d.owner_id, d.due) for d in items] == [
        (f"ppt.step:{process.pk}:department_approved", world.lead.pk, datetime.date(2026, 10, 19))
    ]
    assert items[0].url == f"/ppt/{process.pk}/"
    assert list(ppt_deadlines(owner_id=world.member.pk)) == []
    assert list(ppt_deadlines(school_ids=[world.other_school.pk])) == []
    assert list(ppt_deadlines(until=datetime.date(2026, 10, 18))) == []
