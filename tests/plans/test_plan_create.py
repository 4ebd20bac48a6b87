import datetime
import re

from django.urls import reverse
from plan_helpers import plan_post

from laget.audit.models import AccessLogEntry
from laget.cases.models import ActionPlan, Measure, TimelineEntry


def test_lead_creates_plan_with_measures(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    data = plan_post(
        measures=[
            {"description": "Daglig lesetrening 15 min", "owner": world.teacher.pk, "evaluation_date": "2026-11-15"},
            {
                "description": "Felles leseopplegg på trinnet",
                "owner": world.member.pk,
                "evaluation_date": "2026-12-01",
                "level": "system",
                "staff_benefiting": "4",
            },
        ]
    )
    response = client.post(reverse("plans:plan_create", args=[case.pk]), data)
    plan = ActionPlan.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    assert plan.main_goal == "Bedre leseflyt innen jul."
    assert plan.challenges == ["lesevansker"]
    assert plan.created_by == world.lead
    measures = list(plan.measures.order_by("evaluation_date"))
    assert [(m.owner, m.evaluation_date) for m in measures] == [
        (world.teacher, datetime.date(2026, 11, 15)),
        (world.member, datetime.date(2026, 12, 1)),
    ]
    assert measures[1].level == "system"
    assert measures[1].staff_benefiting == 4
    assert all(m.case == case for m in measures)
    entry = TimelineEntry.objects.get(case=case, kind="plan.created")
    assert "Nordmann" not in entry.summary
    assert "2 tiltak" in entry.summary
    assert AccessLogEntry.objects.filter(
        action="plan.create", student_id=world.student.pk, user_id=world.lead.pk
    ).exists()


def test_blank_extra_rows_are_ignored(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.member)
    data = plan_post(
        measures=[{"description": "Tiltak", "owner": world.teacher.pk, "evaluation_date": "2026-11-15"}, {}]
    )
    response = client.post(reverse("plans:plan_create", args=[case.pk]), data)
    assert response.status_code == 302
    assert Measure.objects.filter(case=case).count() == 1


def test_measure_without_owner_or_date_is_refused_and_input_kept(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    data = plan_post(
        main_goal="Et mål som ikke skal gå tapt",
        measures=[
            {"description": "Lesevenn i friminuttet", "owner": "", "evaluation_date": "2026-11-15"},
            {"description": "Tilpasset lekse", "owner": world.teacher.pk, "evaluation_date": ""},
        ],
    )
    response = client.post(reverse("plans:plan_create", args=[case.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not ActionPlan.objects.filter(case=case).exists()
    assert not Measure.objects.filter(case=case).exists()
    assert "Velg hvem som har ansvar for tiltaket." in html
    assert "Sett en evalueringsdato for tiltaket." in html
    assert "Et mål som ikke skal gå tapt" in html
    assert "Lesevenn i friminuttet" in html
    assert "Tilpasset lekse" in html
    assert 'value="2026-11-15"' in html


def test_system_measure_needs_number_of_staff(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    data = plan_post(
        measures=[
            {"description": "Felles", "owner": world.member.pk, "evaluation_date": "2026-11-15", "level": "system"}
        ]
    )
    response = client.post(reverse("plans:plan_create", args=[case.pk]), data)
    assert response.status_code == 200
    assert "Oppgi hvor mange ansatte som får nytte av systemtiltaket." in response.content.decode()


def test_owner_must_be_staff_of_the_school(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    data = plan_post(measures=[{"description": "X", "owner": world.outsider.pk, "evaluation_date": "2026-11-15"}])
    response = client.post(reverse("plans:plan_create", args=[case.pk]), data)
    assert response.status_code == 200
    assert "Velg en ansatt ved skolen." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_form_is_prefilled_from_meeting_attendance_and_referral(client, world, case_factory, meeting):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    response = client.get(reverse("plans:plan_create", args=[case.pk]) + f"?meeting={meeting.pk}")
    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["present"] == "Per Pedersen, Rita Rektorsen"
    assert form.initial["absent"] == "Hanne Helse"
    assert form.initial["referent"] == "Per Pedersen"
    assert form.initial["date_discussed"] == datetime.date(2026, 10, 6)
    assert form.initial["challenges"] == ["lesevansker", "konsentrasjon"]
    html = response.content.decode()
    assert re.search(r'<input[^>]*value="lesevansker"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="fagvansker"[^>]*checked', html)


def test_plan_created_from_meeting_is_linked_to_it(client, world, case_factory, meeting):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    url = reverse("plans:plan_create", args=[case.pk]) + f"?meeting={meeting.pk}"
    client.post(
        url, plan_post(measures=[{"description": "T", "owner": world.teacher.pk, "evaluation_date": "2026-11-15"}])
    )
    assert ActionPlan.objects.get(case=case).meeting == meeting


def test_meeting_of_another_school_is_not_found(client, world, case_factory):
    from laget.meetings.models import Meeting

    other = Meeting.objects.create(team=world.other_team, starts_at="2026-10-06T12:00Z", created_by=world.outsider)
    case = case_factory(consent=True)
    client.force_login(world.lead)
    response = client.get(reverse("plans:plan_create", args=[case.pk]) + f"?meeting={other.pk}")
    assert response.status_code == 404


def test_date_discussed_defaults_to_today_without_meeting(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.member)
    response = client.get(reverse("plans:plan_create", args=[case.pk]))
    from django.utils import timezone

    assert response.context["form"].initial["date_discussed"] == timezone.localdate()
    assert AccessLogEntry.objects.filter(action="plan.new_form", student_id=world.student.pk).exists()


def test_teacher_not_on_team_may_not_create_plan(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.teacher)
    assert client.get(reverse("plans:plan_create", args=[case.pk])).status_code == 403
    assert client.post(reverse("plans:plan_create", args=[case.pk]), plan_post()).status_code == 403
    assert not ActionPlan.objects.exists()


def test_outsider_gets_404_on_create(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.outsider)
    assert client.get(reverse("plans:plan_create", args=[case.pk])).status_code == 404
    assert client.post(reverse("plans:plan_create", args=[case.pk]), plan_post()).status_code == 404


def test_plan_evaluated_before_it_was_discussed_is_refused_with_a_clear_message(client, world, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    data = plan_post(
        evaluation_date="2026-10-01",
        measures=[{"description": "Lesetrening", "owner": world.teacher.pk, "evaluation_date": "2026-11-15"}],
    )
    html = client.post(reverse("plans:plan_create", args=[case.pk]), data).content.decode()
    assert "Evalueringen må være etter datoen for drøfting (06.10.2026)." in html
    assert not ActionPlan.objects.exists()
    data = plan_post(
        measures=[{"description": "Lesetrening", "owner": world.teacher.pk, "evaluation_date": "2026-09-15"}]
    )
    html = client.post(reverse("plans:plan_create", args=[case.pk]), data).content.decode()
    assert "Tiltaket «Lesetrening» må evalueres etter datoen for drøfting (06.10.2026)." in html
    assert not ActionPlan.objects.exists()
