import datetime

import pytest
import time_machine
from django.urls import reverse

from laget.audit.models import AccessLogEntry
from laget.cases.models import Evaluation, Measure


@pytest.mark.parametrize(
    ("who", "status", "may_edit"),
    [
        ("lead", 200, True),
        ("member", 200, True),
        ("teacher", 200, False),
        ("other_teacher", 404, False),
        ("outsider", 404, False),
    ],
)
def test_plan_page_by_relation(client, world, case_factory, plan_factory, who, status, may_edit):
    plan = plan_factory(case_factory(consent=True))
    client.force_login(getattr(world, who))
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Primærvansken er lesing." in html
        assert (reverse("plans:plan_edit", args=[plan.pk]) in html) is may_edit
        assert reverse("documents:plan_pdf", args=[plan.pk]) in html


def test_plan_page_writes_access_log(client, world, case_factory, plan_factory):
    plan = plan_factory(case_factory(consent=True))
    client.force_login(world.member)
    client.get(reverse("plans:plan_detail", args=[plan.pk]))
    entry = AccessLogEntry.objects.get(action="plan.view")
    assert entry.user_id == world.member.pk
    assert entry.student_id == world.student.pk
    assert entry.school_id == world.school.pk
    assert entry.object_id == str(plan.pk)


def test_outsider_leaves_no_log_and_sees_nothing(client, world, case_factory, plan_factory):
    plan = plan_factory(case_factory(consent=True))
    client.force_login(world.outsider)
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 404
    assert "Nordmann" not in response.content.decode()
    assert not AccessLogEntry.objects.filter(action="plan.view").exists()


def test_plan_is_anonymous_without_consent_for_member(client, world, case_factory, plan_factory):
    case = case_factory(consent=False)
    plan = plan_factory(case)
    client.force_login(world.member)  # not lead, not author, not contact teacher
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert f"Anonym sak {case.number} (5. trinn)" in html
    assert "Nordmann" not in html
    assert "01.03.2015" not in html  # birth date hidden too


def test_plan_form_is_anonymous_without_consent_for_member(client, world, case_factory):
    case = case_factory(consent=False)
    client.force_login(world.member)
    html = client.get(reverse("plans:plan_create", args=[case.pk])).content.decode()
    assert f"Anonym sak {case.number} (5. trinn)" in html
    assert "Nordmann" not in html


def test_lead_sees_name_birth_date_and_grade_without_consent(client, world, case_factory, plan_factory):
    plan = plan_factory(case_factory(consent=False))
    client.force_login(world.lead)
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Ola Nordmann" in html
    assert "01.03.2015" in html


def test_member_sees_name_with_consent(client, world, case_factory, plan_factory):
    plan = plan_factory(case_factory(consent=True))
    client.force_login(world.member)
    assert "Ola Nordmann" in client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()


@time_machine.travel(datetime.datetime(2026, 12, 10, 12, 0), tick=False)
def test_overdue_measure_is_marked_and_latest_evaluation_shown(client, world, case_factory, plan_factory):
    case = case_factory(consent=True)
    plan = plan_factory(case, measures=2, evaluation_date=datetime.date(2026, 12, 1))
    first, second = plan.measures.order_by("pk")
    Evaluation.objects.create(
        measure=second, effect="good", assessment="Første", date="2026-11-01", evaluated_by=world.lead
    )
    Evaluation.objects.create(
        measure=second, effect="some", assessment="Siste vurdering", date="2026-11-20", evaluated_by=world.lead
    )
    Measure.objects.filter(pk=second.pk).update(status=Measure.Status.EVALUATED)
    client.force_login(world.lead)
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert html.count("forfalt") == 1  # only the active measure is overdue
    assert "Siste vurdering" in html
    assert "Første" not in html
    assert reverse("plans:measure_evaluate", args=[first.pk]) in html
    assert reverse("plans:measure_evaluate", args=[second.pk]) not in html


def test_plan_page_query_count_is_flat_in_measures(
    client, world, case_factory, plan_factory, django_assert_max_num_queries
):
    small = plan_factory(case_factory(consent=True), measures=1)
    big = plan_factory(case_factory(consent=True, student=world.student2), measures=8)
    for m in [*small.measures.all(), *big.measures.all()]:
        Evaluation.objects.create(measure=m, effect="good", assessment="Ok", date="2026-11-01", evaluated_by=world.lead)
    client.force_login(world.lead)
    client.get(reverse("plans:plan_detail", args=[small.pk]))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(30) as small_ctx:
        client.get(reverse("plans:plan_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(small_ctx.captured_queries)):
        client.get(reverse("plans:plan_detail", args=[big.pk]))


def test_case_plans_include_shows_goal_measures_and_links(world, case_factory, plan_factory):
    from django.template.loader import render_to_string

    from laget.cases.disclosure import redactor
    from laget.cases.plan_selectors import plans_for_case
    from laget.organisations.access import Access

    case = case_factory(consent=True)
    plan = plan_factory(case, measures=2)
    redact = redactor(Access(world.member), case)
    html = render_to_string("plans/_case_plans.html", {"case": case, "plans": plans_for_case(case), "redact": redact})
    assert "Primærvansken er lesing." in html
    assert "Leser alderstilpasset tekst." in html
    assert "Lise Lærer" in html
    assert "01.12.2026" in html
    assert reverse("plans:plan_detail", args=[plan.pk]) in html
    for m in plan.measures.all():
        assert reverse("plans:measure_evaluate", args=[m.pk]) in html
