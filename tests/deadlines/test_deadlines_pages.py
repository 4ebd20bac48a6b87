"""The deadline pages (per school, per person) and the private calendar feed."""

import datetime

import pytest
import time_machine
from deadlines_helpers import make_measure, make_task, morning
from django.urls import reverse
from icalendar import Calendar

from laget.deadlines.models import CalendarFeed
from laget.meetings.models import Meeting

TODAY = morning(2026, 10, 14, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def deadlines(world, case_factory):
    case = case_factory(consent=True)
    overdue = make_task(world, deadline=datetime.date(2026, 10, 1), title="Sende rapport")
    soon = make_task(world, deadline=datetime.date(2026, 10, 20), owner=world.lead, title="Bestille kurs")
    measure = make_measure(
        case, owner=world.member, evaluation_date=datetime.date(2026, 11, 2), description="Ola får lesekurs"
    )
    make_task(world, deadline=datetime.date(2026, 10, 2), title="Ferdig", done=True)
    return {"overdue": overdue, "soon": soon, "measure": measure, "case": case}


@pytest.mark.parametrize("who", ["lead", "member", "nurse"])
def test_team_sees_all_open_deadlines_of_the_school_with_overdue_marked(client, world, deadlines, who):
    client.force_login(getattr(world, who))
    response = client.get(reverse("deadlines:school"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-deadline="task:{deadlines["overdue"].pk}" data-overdue' in html
    assert f'data-deadline="task:{deadlines["soon"].pk}"' in html
    assert f"measure:{deadlines['measure'].pk}:2026-11-02" in html
    assert "Ferdig" not in html
    assert "Ola" not in html  # no student names on the deadline pages


def test_filter_by_kind(client, world, deadlines):
    client.force_login(world.lead)
    html = client.get(reverse("deadlines:school"), {"type": "measure"}).content.decode()
    assert "measure:" in html
    assert "task:" not in html


def test_another_school_does_not_exist(client, world, deadlines):
    client.force_login(world.outsider)
    response = client.get(reverse("deadlines:school"), {"skole": world.school.pk})
    assert response.status_code == 404
    html = client.get(reverse("deadlines:school")).content.decode()
    assert "task:" not in html


def test_someone_not_on_a_team_is_sent_to_their_own_deadlines(client, world, deadlines):
    client.force_login(world.teacher)
    assert client.get(reverse("deadlines:school"))["Location"] == reverse("deadlines:mine")


def test_my_deadlines_show_only_mine(client, world, deadlines):
    client.force_login(world.member)
    html = client.get(reverse("deadlines:mine")).content.decode()
    assert f"task:{deadlines['overdue'].pk}" in html
    assert f"measure:{deadlines['measure'].pk}" in html
    assert f"task:{deadlines['soon'].pk}" not in html


def test_school_page_query_count_is_flat(client, world, case_factory, django_assert_max_num_queries):
    case = case_factory(consent=True)
    for i in range(30):
        make_task(world, deadline=datetime.date(2026, 10, 1 + i % 28), owner=[world.member, world.nurse][i % 2])
        make_measure(case, owner=world.lead, evaluation_date=datetime.date(2026, 11, 1 + i % 28))
    client.force_login(world.lead)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("deadlines:school")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("deadlines:mine")).status_code == 200


def test_calendar_feed_has_my_meetings_and_deadlines_without_student_names(client, world, deadlines):
    Meeting.objects.create(
        team=world.team, starts_at=morning(2026, 10, 20, 12), location="Møterom 1", created_by=world.lead
    )
    Meeting.objects.create(team=world.other_team, starts_at=morning(2026, 10, 21, 12), created_by=world.outsider)
    client.force_login(world.member)
    client.post(reverse("deadlines:feed_regenerate"))
    token = CalendarFeed.objects.get(user=world.member).token
    assert token in client.get(reverse("deadlines:mine")).content.decode()
    client.logout()
    response = client.get(reverse("deadlines:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == [
        f"Frist: Evaluering av tiltak i sak {deadlines['case'].number}",
        "Frist: Sende rapport",
        "Ressursteammøte – Testvik barneskole",
    ]
    assert b"Ola" not in response.content
    assert b"Nordmann" not in response.content


def test_regenerated_or_revoked_feed_token_stops_working(client, world):
    client.force_login(world.member)
    client.post(reverse("deadlines:feed_regenerate"))
    old = CalendarFeed.objects.get(user=world.member).token
    client.post(reverse("deadlines:feed_regenerate"))
    new = CalendarFeed.objects.get(user=world.member).token
    assert new != old
    assert len(new) >= 40
    assert client.get(reverse("deadlines:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("deadlines:calendar_feed", args=[new])).status_code == 200
    client.post(reverse("deadlines:feed_revoke"))
    assert client.get(reverse("deadlines:calendar_feed", args=[new])).status_code == 404


def test_feed_url_needs_no_login_but_a_valid_token(client, db):
    assert client.get(reverse("deadlines:calendar_feed", args=["guess"])).status_code == 404


def test_feed_token_buttons_are_post_only(client, world):
    client.force_login(world.member)
    assert client.get(reverse("deadlines:feed_regenerate")).status_code == 405
