import datetime

import pytest
from django.http import Http404

from laget.cases.models import Measure
from laget.cases.plan_selectors import measure_get, measures_due_for_evaluation, measures_owned_by, plan_get
from laget.organisations.access import Access


def test_measures_owned_by_lists_only_active_own_measures(world, case_factory, plan_factory):
    mine = plan_factory(case_factory(consent=True), owner=world.teacher, measures=2)
    plan_factory(case_factory(consent=True, student=world.student2), owner=world.member)
    done = mine.measures.first()
    Measure.objects.filter(pk=done.pk).update(status=Measure.Status.EVALUATED)
    result = list(measures_owned_by(world.teacher))
    assert [m.pk for m in result] == list(mine.measures.exclude(pk=done.pk).values_list("pk", flat=True))
    assert result[0].case.student == world.student


def test_measures_owned_by_query_count_is_flat(world, case_factory, plan_factory, django_assert_num_queries):
    plan_factory(case_factory(consent=True), owner=world.teacher, measures=6)
    with django_assert_num_queries(1):
        for m in measures_owned_by(world.teacher):
            assert m.case.student.school_class.grade == 5


def test_measures_due_for_evaluation(world, case_factory, plan_factory):
    case = case_factory(consent=True)
    due = plan_factory(case, evaluation_date=datetime.date(2026, 11, 1)).measures.get()
    today = plan_factory(case, evaluation_date=datetime.date(2026, 11, 10)).measures.get()
    plan_factory(case, evaluation_date=datetime.date(2026, 11, 11))  # later
    evaluated = plan_factory(case, evaluation_date=datetime.date(2026, 10, 1)).measures.get()
    Measure.objects.filter(pk=evaluated.pk).update(status=Measure.Status.EVALUATED)
    plan_factory(case_factory(consent=True, student=world.other_student), evaluation_date=datetime.date(2026, 10, 1))
    result = list(measures_due_for_evaluation(world.school.pk, datetime.date(2026, 11, 10)))
    assert result == [due, today]


def test_plan_and_measure_of_other_school_do_not_exist(world, case_factory, plan_factory):
    plan = plan_factory(case_factory(consent=True))
    access = Access(world.outsider)
    with pytest.raises(Http404):
        plan_get(access, plan.pk)
    with pytest.raises(Http404):
        measure_get(access, plan.measures.get().pk)
    with pytest.raises(Http404):
        plan_get(Access(world.lead), 999999)
