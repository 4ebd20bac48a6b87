"""Page timings as data grows. Measured, printed, never asserted: `make bench`.

Each page is rendered at two data sizes; the table shows median milliseconds and queries.
Query counts should be equal across sizes (the list pages are built to stay flat).
"""

import datetime
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laget.meetings.models import AgendaItem, Meeting
from laget.students.models import Student

ROUNDS = 7
RESULTS = []


def measure(client, url):
    timings = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return statistics.median(timings), len(ctx.captured_queries)


def grow(world, case_factory, n):
    for i in range(n):
        student = Student.objects.create(
            school=world.school,
            first_name=f"Elev{i}",
            last_name="Bench",
            birth_date=datetime.date(2015, 1, 1),
            school_class=world.class_5a,
        )
        case_factory(student=student, consent=bool(i % 2))


@pytest.mark.parametrize("size", [10, 200])
def test_bench_list_pages(client, world, case_factory, size):
    grow(world, case_factory, size)
    meeting = Meeting.objects.create(
        team=world.team, starts_at=datetime.datetime(2026, 12, 1, 11, tzinfo=datetime.UTC), created_by=world.lead
    )
    for case in world.school.cases.all()[: min(size, 60)]:
        AgendaItem.objects.create(meeting=meeting, part=2, kind="case", case=case, title="")
    client.force_login(world.lead)
    for name, url in [
        ("case list", reverse("cases:case_list")),
        ("student list", reverse("students:student_list")),
        ("my page", reverse("home:my_page")),
        ("meeting agenda", reverse("meetings:meeting_detail", args=[meeting.pk])),
    ]:
        ms, queries = measure(client, url)
        RESULTS.append((name, size, ms, queries))


def teardown_module(module):
    print("\n\npage                 rows   median ms   queries")
    for name, size, ms, queries in sorted(RESULTS):
        print(f"{name:<20} {size:>4}   {ms:>9.1f}   {queries:>7}")
