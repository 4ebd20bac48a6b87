"""Every list page takes the same number of queries at two sizes of history (counts, not times),
for the lead, a member and a contact teacher; and one school's pages do not grow with another
school's history (tenant isolation in cost). The benchmark (`make bench`) shows the times."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from laget.attendance.models import Absence
from laget.audit.services import access_log_write_many
from laget.cases.models import ActionPlan, Case, Measure
from laget.meetings.models import AgendaItem, Meeting, Task
from laget.ppt.models import PptProcess
from laget.students.models import Student

PAGES = {
    "lead": [
        "home:my_page",
        "students:student_list",
        "cases:case_list",
        "cases:case_list?status=closed",
        "cases:case_list?status=all",
        "cases:referral_list",
        "meetings:meeting_list",
        "reports:school",
        "deadlines:school",
        "attendance:overview",
        "ppt:process_list",
        "audit:log_review",
    ],
    "member": [
        "home:my_page",
        "students:student_list",
        "cases:case_list",
        "cases:case_list?status=closed",
        "meetings:meeting_list",
        "deadlines:school",
        "ppt:process_list",
    ],
    "teacher": ["home:my_page", "students:student_list", "cases:case_list", "cases:referral_list"],
}


def grow(world, case_factory, n, *, school=None, start=0):
    """n more years' worth of history at one school: students, referred cases (half closed), plans,
    measures and tasks, held meetings with the cases on their agendas, absences, PPT and the log."""
    school = school or world.school
    team = world.team if school == world.school else world.other_team
    klass = world.class_5a if school == world.school else school.classes.first()
    author = world.teacher if school == world.school else world.outsider
    owner = world.member if school == world.school else world.outsider
    for i in range(start, start + n):
        day = datetime.date(2020 + i % 6, 9, 1 + i % 27)
        student = Student.objects.create(
            school=school, first_name=f"Elev{i}", last_name="Historikk", birth_date=day, school_class=klass
        )
        case = case_factory(student=student, author=author, consent=bool(i % 2))
        if i % 2:
            Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=day, outcome="resolved")
        meeting = Meeting.objects.create(
            team=team,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
            status=Meeting.Status.APPROVED,
            created_by=world.lead,
        )
        AgendaItem.objects.create(meeting=meeting, part=2, kind="case", case=case, notes="Drøftet.")
        plan = ActionPlan.objects.create(case=case, meeting=meeting, date_discussed=day, created_by=world.lead)
        Measure.objects.create(
            case=case, action_plan=plan, description="Lesekurs", owner=owner, evaluation_date=day, status="evaluated"
        )
        Task.objects.create(
            school=school, team=team, case=case, title="Ring", owner=owner, deadline=day, created_by=world.lead
        )
        Absence.objects.create(school=school, student=student, date=day, kind="undocumented", registered_by=owner)
        PptProcess.objects.create(
            school=school,
            case=case,
            roles={},
            iep_days=21,
            step_days=14,
            keep_half_year_report=False,
            created_by=world.lead,
            status=PptProcess.Status.ENDED,
        )
        access_log_write_many(user=owner, action="case.view", school_id=school.pk, rows=[(student.pk, case)] * 3)


def count(client, url) -> int:
    n = 0

    def counter(execute, sql, params, many, context):
        nonlocal n
        n += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        assert client.get(url).status_code == 200, url
    return n


def url_of(name):
    name, _, query = name.partition("?")
    return reverse(name) + (f"?{query}" if query else "")


@pytest.mark.parametrize("who", sorted(PAGES))
def test_list_pages_take_the_same_queries_with_more_history(client, world, case_factory, who):
    grow(world, case_factory, 2)
    client.force_login(getattr(world, who))
    small = {page: count(client, url_of(page)) for page in PAGES[who]}
    grow(world, case_factory, 12, start=2)
    grow(world, case_factory, 12, school=world.other_school, start=100)  # another school's history costs us nothing
    large = {page: count(client, url_of(page)) for page in PAGES[who]}
    assert large == small


def test_case_list_and_meeting_history_show_one_page(client, world, case_factory):
    """History lists render a page, not every row (the 100× school's meeting list rendered 19,520)."""
    grow(world, case_factory, 110)
    client.force_login(world.lead)
    cases = client.get(reverse("cases:case_list") + "?status=closed")
    assert len(cases.context["rows"]) == 50
    assert "Side 1 av 2" in cases.content.decode()
    meetings = client.get(reverse("meetings:meeting_list"))
    assert len(meetings.context["past"]) == 50
    assert "Side 1 av 3" in meetings.content.decode()
    older = client.get(reverse("meetings:meeting_list") + "?side=3")
    assert len(older.context["past"]) == 10
