import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from laget.audit.models import AccessLogEntry
from laget.cases.models import ActionPlan, Measure, TimelineEntry
from laget.cases.plan_services import ConcurrentEditError, action_plan_create, action_plan_update, measure_add
from laget.organisations.access import Access


def test_measure_add_writes_timeline_and_access_log(world, case_factory, plan_factory):
    case = case_factory(consent=True)
    plan = plan_factory(case, measures=0)
    measure = measure_add(
        access=Access(world.member),
        case=case,
        plan=plan,
        description="Ekstra lesetid",
        owner=world.teacher,
        evaluation_date=datetime.date(2027, 1, 15),
    )
    assert measure.action_plan == plan
    assert measure.status == Measure.Status.ACTIVE
    entry = TimelineEntry.objects.get(case=case, kind="measure.added")
    assert "Nordmann" not in entry.summary
    assert AccessLogEntry.objects.filter(action="measure.add", object_id=str(measure.pk)).exists()


def test_measure_without_owner_or_date_is_refused_by_the_service(world, case_factory):
    case = case_factory(consent=True)
    with pytest.raises(ValidationError):
        measure_add(access=Access(world.lead), case=case, description="X", owner=None, evaluation_date=None)
    assert not Measure.objects.exists()


def test_only_team_members_write_plans(world, case_factory, plan_factory):
    case = case_factory(consent=True)
    with pytest.raises(PermissionDenied):
        action_plan_create(
            access=Access(world.teacher),
            case=case,
            plan_data={"date_discussed": datetime.date(2026, 10, 6)},
            measures=[],
        )
    with pytest.raises(PermissionDenied):
        measure_add(
            access=Access(world.teacher),
            case=case,
            description="X",
            owner=world.teacher,
            evaluation_date=datetime.date(2027, 1, 1),
        )
    assert not ActionPlan.objects.exists()


def test_update_with_stale_version_changes_nothing(world, case_factory, plan_factory):
    plan = plan_factory(case_factory(consent=True))
    access = Access(world.lead)
    action_plan_update(access=access, plan=plan, version=1, plan_data={"main_goal": "Første"}, measures=[])
    with pytest.raises(ConcurrentEditError):
        action_plan_update(access=access, plan=plan, version=1, plan_data={"main_goal": "Andre"}, measures=[])
    plan.refresh_from_db()
    assert plan.main_goal == "Første"
    assert plan.version == 2
