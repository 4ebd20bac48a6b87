import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from laget.cases.models import Measure, Referral
from laget.meetings.models import Meeting, Task

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=3)
FUTURE = TODAY + datetime.timedelta(days=10)


def add_task(world, owner, *, title, deadline, case=None, done=False):
    return Task.objects.create(
        school=world.school,
        team=world.team,
        case=case,
        title=title,
        owner=owner,
        deadline=deadline,
        done_at=timezone.now() if done else None,
        created_by=world.lead,
    )


def add_measure(case, owner, *, description, evaluation_date, status=Measure.Status.ACTIVE):
    return Measure.objects.create(
        case=case, description=description, owner=owner, evaluation_date=evaluation_date, status=status
    )


def rows_with(html, marker):
    """The table rows (as text) that contain `marker`."""
    return [row for row in html.split("<tr") if marker in row]


def test_my_page_lists_my_open_tasks_with_overdue_marked(client, world):
    add_task(world, world.member, title="Kontakte BUP", deadline=PAST)
    add_task(world, world.member, title="Lage kartleggingsplan", deadline=FUTURE)
    add_task(world, world.member, title="Ferdig oppgave", deadline=PAST, done=True)
    add_task(world, world.lead, title="Rektors oppgave", deadline=PAST)
    client.force_login(world.member)

    html = client.get(reverse("home:my_page")).content.decode()

    assert "Kontakte BUP" in html
    assert "Lage kartleggingsplan" in html
    assert "Ferdig oppgave" not in html
    assert "Rektors oppgave" not in html
    (overdue_row,) = rows_with(html, "Kontakte BUP")
    assert "laget-overdue" in overdue_row
    assert "Forfalt" in overdue_row
    (future_row,) = rows_with(html, "Lage kartleggingsplan")
    assert "Forfalt" not in future_row


def test_my_page_lists_my_active_measures_with_overdue_marked_and_evaluate_link(client, world, case_factory):
    case = case_factory(consent=True)
    late = add_measure(case, world.member, description="Lesekurs i små grupper", evaluation_date=PAST)
    add_measure(case, world.member, description="Fast plass i klasserommet", evaluation_date=FUTURE)
    add_measure(case, world.member, description="Evaluert tiltak", evaluation_date=PAST, status="evaluated")
    add_measure(case, world.nurse, description="Helsesykepleiers tiltak", evaluation_date=PAST)
    client.force_login(world.member)

    html = client.get(reverse("home:my_page")).content.decode()

    assert "Fast plass i klasserommet" in html
    assert "Evaluert tiltak" not in html
    assert "Helsesykepleiers tiltak" not in html
    (row,) = rows_with(html, "Lesekurs i små grupper")
    assert "Forfalt" in row
    assert "laget-overdue" in row
    assert reverse("plans:measure_evaluate", args=[late.pk]) in row
    (future_row,) = rows_with(html, "Fast plass i klasserommet")
    assert "Forfalt" not in future_row


def test_my_page_keeps_anonymous_case_anonymous_for_a_member(client, world, case_factory):
    case = case_factory(consent=False)
    add_measure(case, world.member, description="Observasjon i friminutt", evaluation_date=FUTURE)
    client.force_login(world.member)

    html = client.get(reverse("home:my_page")).content.decode()

    assert f"Anonym sak {case.number} (5. trinn)" in html
    assert "Nordmann" not in html


def test_my_page_names_the_student_of_a_consented_case(client, world, case_factory):
    case = case_factory(consent=True)
    add_task(world, world.member, title="Ringe foresatte", deadline=FUTURE, case=case)
    client.force_login(world.member)

    html = client.get(reverse("home:my_page")).content.decode()

    (row,) = rows_with(html, "Ringe foresatte")
    assert "Ola Nordmann (5A)" in row
    assert reverse("cases:case_detail", args=[case.pk]) in row


def test_my_page_lists_my_referrals_with_status_and_links(client, world, case_factory):
    submitted = case_factory(author=world.teacher)
    draft = Referral.objects.create(school=world.school, student=world.student2, author=world.teacher)
    Referral.objects.create(school=world.school, student=world.student, author=world.other_teacher)
    client.force_login(world.teacher)

    html = client.get(reverse("home:my_page")).content.decode()

    assert reverse("cases:referral_edit", args=[draft.pk]) in html
    assert reverse("cases:case_detail", args=[submitted.pk]) in html
    assert "Utkast" in html
    assert "Sendt inn" in html
    # The author knows the student; the other teacher's draft is not listed.
    assert html.count("<tr") == 3  # header + two referrals


def test_my_page_shows_the_next_meeting_of_my_team(client, world):
    now = timezone.now()
    Meeting.objects.create(team=world.team, starts_at=now - datetime.timedelta(days=7), created_by=world.lead)
    soon = Meeting.objects.create(team=world.team, starts_at=now + datetime.timedelta(days=2), created_by=world.lead)
    later = Meeting.objects.create(team=world.team, starts_at=now + datetime.timedelta(days=9), created_by=world.lead)
    other = Meeting.objects.create(
        team=world.other_team, starts_at=now + datetime.timedelta(days=1), created_by=world.outsider
    )
    client.force_login(world.member)

    html = client.get(reverse("home:my_page")).content.decode()

    assert reverse("meetings:meeting_detail", args=[soon.pk]) in html
    assert reverse("meetings:meeting_detail", args=[later.pk]) not in html
    assert reverse("meetings:meeting_detail", args=[other.pk]) not in html


def _fill(world, case_factory, n):
    for i in range(n):
        case = case_factory(consent=bool(i % 2))
        add_task(world, world.member, title=f"Oppgave {i}", deadline=PAST, case=case)
        add_measure(case, world.member, description=f"Tiltak {i}", evaluation_date=FUTURE)
        Referral.objects.create(school=world.school, student=world.student, author=world.member)
    Meeting.objects.create(
        team=world.team, starts_at=timezone.now() + datetime.timedelta(days=1), created_by=world.lead
    )


def test_my_page_query_count_stays_flat(client, world, case_factory):
    client.force_login(world.member)
    _fill(world, case_factory, 2)  # one anonymous and one named case: both paths of the disclosure policy
    client.get(reverse("home:my_page"))  # warm-up: the first request also creates the log chain head
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home:my_page"))
    _fill(world, case_factory, 6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("home:my_page"))
    assert response.content.decode().count("Forfalt") == 8
    assert len(many) == len(few)


def test_team_inbox_lists_cases_not_yet_on_an_agenda_and_logs_them(client, world, case_factory):
    from laget.audit.models import AccessLogEntry
    from laget.meetings.models import AgendaItem

    waiting = case_factory(consent=True)
    on_agenda = case_factory(student=world.student2)
    meeting = Meeting.objects.create(
        team=world.team, starts_at=timezone.now() + datetime.timedelta(days=2), created_by=world.lead
    )
    AgendaItem.objects.create(meeting=meeting, part=2, kind="case", case=on_agenda)
    client.force_login(world.member)
    html = client.get(reverse("home:my_page")).content.decode()
    assert f'data-inbox-case="{waiting.pk}"' in html
    assert f'data-inbox-case="{on_agenda.pk}"' not in html
    assert AccessLogEntry.objects.filter(action="home.my_page", student_id=world.student.pk).exists()


def test_team_inbox_is_not_shown_to_a_teacher_outside_the_team(client, world, case_factory):
    case_factory()
    client.force_login(world.other_teacher)
    assert "Nye saker som venter på teamet" not in client.get(reverse("home:my_page")).content.decode()
