"""PPT pages: the team (lead, member) sees them; an outsider or a non-member gets 404."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from ppt_helpers import access, discuss, ready_case

from laget.audit.models import AccessLogEntry
from laget.ppt.models import PptProcess, Step
from laget.ppt.services import ppt_referral_create

REPORT = "Eleven har svakt utbytte i norsk og matematikk til tross for tilpasninger."


@pytest.fixture
def process(world, case_factory):
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, 0), tick=False):
        return ppt_referral_create(
            access=access(world.lead), case=ready_case(world, case_factory), pedagogical_report=REPORT
        )


@pytest.mark.parametrize(("who", "status"), [("lead", 200), ("member", 200), ("outsider", 404), ("teacher", 404)])
def test_process_page_permissions(client, world, process, who, status):
    client.force_login(getattr(world, who))
    response = client.get(reverse("ppt:process_detail", args=[process.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Henvisning godkjent av avdelingsleder" in response.content.decode()
        assert AccessLogEntry.objects.filter(action="ppt.view", user_id=getattr(world, who).pk).exists()


@pytest.mark.parametrize(("who", "status"), [("lead", 200), ("member", 200), ("outsider", 404)])
def test_case_ppt_page_permissions(client, world, case_factory, who, status):
    case = case_factory(consent=True)
    client.force_login(getattr(world, who))
    assert client.get(reverse("ppt:case_ppt", args=[case.pk])).status_code == status


def test_case_ppt_page_redirects_to_running_process(client, world, process):
    client.force_login(world.member)
    response = client.get(reverse("ppt:case_ppt", args=[process.case_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("ppt:process_detail", args=[process.pk])


def test_refused_referral_names_what_is_missing_and_keeps_what_was_typed(client, world, case_factory):
    case = case_factory(consent=True)
    discuss(world, case)
    client.force_login(world.lead)
    response = client.post(
        reverse("ppt:case_ppt", args=[case.pk]), {"referral_reason": "Lese- og skrivevansker", "pedagogical_report": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "utprøvde tiltak som er evaluert" in body
    assert "pedagogisk rapport" in body
    assert "Lese- og skrivevansker" in body
    assert not PptProcess.objects.exists()


def test_referral_through_the_page(client, world, case_factory):
    case = ready_case(world, case_factory)
    client.force_login(world.lead)
    response = client.post(reverse("ppt:case_ppt", args=[case.pk]), {"pedagogical_report": REPORT})
    process = PptProcess.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("ppt:process_detail", args=[process.pk])


def test_member_sees_no_action_button_and_may_not_post_a_step(client, world, process):
    client.force_login(world.member)
    page = client.get(reverse("ppt:process_detail", args=[process.pk])).content.decode()
    assert "Registrer:" not in page
    response = client.post(reverse("ppt:step_record", args=[process.pk, Step.DEPARTMENT_APPROVED]))
    assert response.status_code == 403


def test_lead_records_the_next_step_on_the_page(client, world, process):
    client.force_login(world.lead)
    url = reverse("ppt:step_record", args=[process.pk, Step.DEPARTMENT_APPROVED])
    assert client.post(url, {"note": "Ok"}).status_code == 302
    response = client.post(reverse("ppt:step_record", args=[process.pk, Step.SENT]))
    assert response.status_code == 400
    assert "rekkefølge" in response.content.decode()


def test_outsider_may_not_post_a_step(client, world, process):
    client.force_login(world.outsider)
    response = client.post(reverse("ppt:step_record", args=[process.pk, Step.DEPARTMENT_APPROVED]))
    assert response.status_code == 404


def test_list_shows_school_processes_with_flat_queries(client, world, case_factory, django_assert_max_num_queries):
    for _ in range(4):
        ppt_referral_create(access=access(world.lead), case=ready_case(world, case_factory), pedagogical_report=REPORT)
    client.force_login(world.member)
    with django_assert_max_num_queries(24) as captured:
        response = client.get(reverse("ppt:process_list"))
    few = len(captured)
    assert response.status_code == 200
    assert response.content.decode().count("/ppt/") >= 4
    for _ in range(4):
        ppt_referral_create(access=access(world.lead), case=ready_case(world, case_factory), pedagogical_report=REPORT)
    with django_assert_max_num_queries(few):
        client.get(reverse("ppt:process_list"))


def test_list_hides_other_schools_processes(client, world, process):
    client.force_login(world.outsider)
    response = client.get(reverse("ppt:process_list"))
    assert response.status_code == 200
    assert reverse("ppt:process_detail", args=[process.pk]) not in response.content.decode()
