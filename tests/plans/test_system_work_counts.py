"""System work counts (Bærum's key figures 2–4 from the ordinary pages): a system topic on the agenda
becomes a system case from the minutes, its action plan records system measures with the staff who
benefit, tied to the meeting — no URL typed by hand; a system case's plan asks no student questions."""

import datetime

from django.urls import reverse
from django.utils import timezone
from plan_helpers import plan_post

from laget.cases.models import ActionPlan, Case
from laget.meetings import services
from laget.meetings.minutes import meeting_start
from laget.organisations.access import Access
from laget.reports.figures import compute_meeting


def test_a_system_topic_gets_measures_from_the_minutes_and_counts(client, world):
    lead = Access(world.lead)
    meeting = services.meeting_create(access=lead, team=world.team, starts_at=timezone.now().replace(microsecond=0))
    item = services.agenda_item_add(access=lead, meeting=meeting, part=1, title="Uro i friminuttene")
    meeting_start(access=lead, meeting=meeting)
    client.force_login(world.member)
    minutes = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert reverse("meetings:topic_to_case", args=[item.pk]) in minutes  # the button is on the page
    response = client.post(reverse("meetings:topic_to_case", args=[item.pk]))
    case = Case.objects.get(kind="system")
    assert case.title == "Uro i friminuttene"
    assert response["Location"] == reverse("plans:plan_create", args=[case.pk]) + f"?meeting={meeting.pk}"
    form = client.get(response["Location"]).content.decode()
    assert "Dato tiltak gjennomgått med foresatte" not in form  # no student questions
    assert "Lesevansker" not in form
    today = timezone.localdate()
    data = plan_post(
        date_discussed=today.isoformat(),
        evaluation_date=(today + datetime.timedelta(days=40)).isoformat(),
        measures=[
            {
                "description": "Flere voksne ute i friminuttene",
                "owner": world.member.pk,
                "evaluation_date": (today + datetime.timedelta(days=30)).isoformat(),
                "level": "system",
                "staff_benefiting": "6",
            }
        ],
    )
    response = client.post(response["Location"], data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = ActionPlan.objects.get(case=case)
    assert plan.meeting == meeting
    figures = compute_meeting(meeting)
    assert figures.system_cases == 1
    assert len(figures.system_measures) == 1
    assert figures.system_measures[0].staff_benefiting == 6


def test_the_case_pages_plan_is_tied_to_the_meeting_the_case_was_discussed_in(client, world, case_factory):
    lead = Access(world.lead)
    case = case_factory(kind="system", title="Nettvett")
    meeting = services.meeting_create(access=lead, team=world.team, starts_at=timezone.now().replace(microsecond=0))
    services.agenda_item_add(access=lead, meeting=meeting, part=1, case=case)
    meeting_start(access=lead, meeting=meeting)
    client.force_login(world.member)
    today = timezone.localdate()
    data = plan_post(
        date_discussed=today.isoformat(),
        evaluation_date=(today + datetime.timedelta(days=40)).isoformat(),
        measures=[
            {
                "description": "Nettvett-opplegg for 6. trinn",
                "owner": world.member.pk,
                "evaluation_date": (today + datetime.timedelta(days=30)).isoformat(),
                "level": "system",
                "staff_benefiting": "3",
            }
        ],
    )
    client.post(reverse("plans:plan_create", args=[case.pk]), data)
    assert ActionPlan.objects.get(case=case).meeting == meeting
