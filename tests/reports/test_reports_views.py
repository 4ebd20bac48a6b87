"""Pages of laget.reports: who sees what, the CSV, the owner's aggregates, flat queries."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from reports_helpers import at, item, make_meeting

from laget.meetings.models import AgendaItem

SCHOOL_URL = reverse("reports:school")


def url(world, name="reports:school", year=2026):
    return f"{reverse(name)}?skole={world.school.pk}&ar={year}"


@pytest.mark.parametrize("who", ["lead", "member"])
def test_team_sees_the_schools_figures(client, world, baerum, who):
    client.force_login(getattr(world, who))
    response = client.get(url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Systemsaker drøftet" in body
    assert "Nordmann" not in body
    assert "Ola" not in body


@pytest.mark.parametrize("who", ["lead", "member"])
def test_team_sees_the_meeting_figures(client, world, baerum, who):
    client.force_login(getattr(world, who))
    response = client.get(reverse("reports:meeting", args=[baerum.meeting.pk]))
    assert response.status_code == 200
    assert "Nøkkeltall for møtet" in response.content.decode()


def test_meeting_page_links_to_its_figures(client, world, baerum):
    client.force_login(world.lead)
    body = client.get(reverse("meetings:meeting_detail", args=[baerum.meeting.pk])).content.decode()
    assert reverse("reports:meeting", args=[baerum.meeting.pk]) in body


def test_outsider_gets_404_for_another_schools_figures(client, world, baerum):
    client.force_login(world.outsider)
    assert client.get(url(world)).status_code == 404
    assert client.get(url(world, "reports:school_csv")).status_code == 404
    assert client.get(reverse("reports:meeting", args=[baerum.meeting.pk])).status_code == 404
    assert client.get(url(world, "reports:compliance")).status_code == 404
    assert client.get(SCHOOL_URL).status_code == 200  # their own school


def test_teacher_outside_the_team_gets_404(client, world, baerum):
    client.force_login(world.teacher)
    assert client.get(SCHOOL_URL).status_code == 404


def test_compliance_is_for_the_lead(client, world, baerum):
    client.force_login(world.lead)
    assert client.get(url(world, "reports:compliance")).status_code == 200
    client.force_login(world.member)
    assert client.get(url(world, "reports:compliance")).status_code == 404


def test_csv_has_one_row_per_meeting_the_year_and_each_area(client, world, baerum):
    client.force_login(world.member)
    response = client.get(url(world, "reports:school_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, meeting_row, year_row, *area_rows = rows
    assert header[0] == "omfang"
    assert len(header) == 12
    assert meeting_row == ["møte", "06.10.2026", "", "25", "2", "2", "2", "12", "1", "2", "1", "2"]
    assert year_row == ["skoleår", "2026/27", "", "25", "2", "2", "2", "12", "1", "2", "1", "3"]
    by_area = {r[2]: r for r in area_rows}
    assert by_area["Særskilt språkopplæring"][3] == "20"
    assert by_area["Uten område"][5] == "1"
    assert "Nordmann" not in response.content.decode("utf-8-sig")


def test_owner_view_is_for_superusers_and_shows_no_names(client, world, baerum):
    client.force_login(world.lead)
    assert client.get(reverse("reports:owner")).status_code == 404
    admin = get_user_model().objects.create_superuser("eier", "eier@kommune.test", "x-test-password-1")
    client.force_login(admin)
    response = client.get(reverse("reports:owner") + "?ar=2026")
    assert response.status_code == 200
    body = response.content.decode()
    assert world.school.name in body
    assert world.other_school.name in body
    assert "Nordmann" not in body
    assert "Hansen" not in body
    assert "Sak " not in body  # not even case numbers


def _queries(client, path):
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        assert client.get(path).status_code == 200
    return count


def test_query_count_stays_flat_as_meetings_grow(client, world, baerum, case_factory):
    client.force_login(world.lead)
    few = _queries(client, url(world))
    for day in range(10, 20):
        m = make_meeting(world, at(2026, 11, day))
        item(m, AgendaItem.Part.SYSTEM)
        item(m, AgendaItem.Part.INDIVIDUAL, case=baerum.case1)
    assert _queries(client, url(world)) == few


def test_area_breakdown_uses_the_routines_names_for_the_areas(client, world, baerum):
    from laget.routines.services import routine_load_preset

    routine_load_preset(school=world.school, preset="sandnes_grunnskole", user=world.lead)
    client.force_login(world.lead)
    body = client.get(url(world)).content.decode()
    assert "Særskilt språkopplæring (§ 3-6)" in body
    rows = list(
        csv.reader(io.StringIO(client.get(url(world, "reports:school_csv")).content.decode("utf-8-sig")), delimiter=";")
    )
    assert "Trygt og godt skolemiljø (kapittel 12 i opplæringsloven)" in [r[2] for r in rows]


def test_owner_figures_take_the_same_queries_whatever_the_number_of_schools(client, world, baerum):
    """One computation for the whole municipality (it ran six queries per school)."""
    from laget.organisations.models import School
    from laget.reports.figures import compute, school_year_bounds

    admin = get_user_model().objects.create_superuser("eier", "eier@kommune.test", "x-test-password-1")
    client.force_login(admin)
    path = reverse("reports:owner") + "?ar=2026"
    few = _queries(client, path)
    for i in range(5):
        School.objects.create(owner=world.owner, name=f"Ny skole {i}", kind=School.Kind.PRIMARY)
    assert _queries(client, path) == few
    start, end = school_year_bounds(2026)
    per_school = {s.pk: fig for s, fig in client.get(path).context["per_school"]}
    alone = compute([world.school.pk], start, end).total
    assert per_school[world.school.pk].system_cases == alone.system_cases > 0
    assert per_school[world.school.pk].individual_cases == alone.individual_cases
    assert per_school[world.school.pk].median_days == alone.median_days
