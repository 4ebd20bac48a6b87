import datetime

from django.urls import reverse

from laget.audit.models import AccessLogEntry
from laget.cases.models import Measure, TimelineEntry


def test_evaluation_without_continuation_closes_measure(client, world, case_factory, plan_factory):
    case = case_factory(consent=True)
    plan = plan_factory(case)
    measure = plan.measures.get()
    client.force_login(world.member)
    data = {"effect": "good", "assessment": "Leser nå flytende.", "date": "2026-12-01"}
    response = client.post(reverse("plans:measure_evaluate", args=[measure.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    measure.refresh_from_db()
    assert measure.status == Measure.Status.EVALUATED
    evaluation = measure.evaluations.get()
    assert evaluation.effect == "good"
    assert evaluation.evaluated_by == world.member
    assert not evaluation.continue_measure
    entry = TimelineEntry.objects.get(case=case, kind="measure.evaluated")
    assert "Nordmann" not in entry.summary
    assert AccessLogEntry.objects.filter(action="measure.evaluate", student_id=world.student.pk).exists()


def test_continued_measure_stays_active_with_new_date(client, world, case_factory, plan_factory):
    case = case_factory(consent=True)
    measure = plan_factory(case).measures.get()
    measure.reminded_on = datetime.date(2026, 12, 1)
    measure.save()
    client.force_login(world.lead)
    data = {
        "effect": "some",
        "assessment": "Noe bedre, fortsetter.",
        "date": "2026-12-01",
        "continue_measure": "on",
        "next_evaluation_date": "2027-02-01",
    }
    response = client.post(reverse("plans:measure_evaluate", args=[measure.pk]), data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ACTIVE
    assert measure.evaluation_date == datetime.date(2027, 2, 1)
    assert measure.reminded_on is None  # the new date is reminded again
    assert measure.evaluations.get().continue_measure


def test_continuation_without_new_date_is_refused_and_input_kept(client, world, case_factory, plan_factory):
    measure = plan_factory(case_factory(consent=True)).measures.get()
    client.force_login(world.lead)
    data = {"effect": "some", "assessment": "Min vurdering", "date": "2026-12-01", "continue_measure": "on"}
    response = client.post(reverse("plans:measure_evaluate", args=[measure.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sett ny evalueringsdato når tiltaket videreføres." in html
    assert "Min vurdering" in html
    assert not measure.evaluations.exists()


def test_evaluation_needs_effect_and_assessment(client, world, case_factory, plan_factory):
    measure = plan_factory(case_factory(consent=True)).measures.get()
    client.force_login(world.lead)
    response = client.post(reverse("plans:measure_evaluate", args=[measure.pk]), {"date": "2026-12-01"})
    html = response.content.decode()
    assert "Velg hvilken effekt tiltaket har hatt." in html
    assert "Skriv en vurdering av tiltaket." in html


def test_measure_owner_outside_team_may_evaluate_own_measure(client, world, case_factory, plan_factory):
    measure = plan_factory(case_factory(consent=True), owner=world.other_teacher).measures.get()
    client.force_login(world.other_teacher)
    url = reverse("plans:measure_evaluate", args=[measure.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"effect": "none", "assessment": "Ingen endring", "date": "2026-12-01"})
    assert response.status_code == 302
    assert measure.evaluations.count() == 1


def test_contact_teacher_may_not_evaluate_measure_owned_by_others(client, world, case_factory, plan_factory):
    measure = plan_factory(case_factory(consent=True), owner=world.member).measures.get()
    client.force_login(world.teacher)
    assert client.get(reverse("plans:measure_evaluate", args=[measure.pk])).status_code == 403


def test_outsider_gets_404_on_evaluate(client, world, case_factory, plan_factory):
    measure = plan_factory(case_factory(consent=True)).measures.get()
    client.force_login(world.outsider)
    assert client.get(reverse("plans:measure_evaluate", args=[measure.pk])).status_code == 404
    assert client.post(reverse("plans:measure_evaluate", args=[measure.pk]), {}).status_code == 404
