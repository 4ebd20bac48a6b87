import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from meetings_helpers import at, count_queries, make_measure, make_task

from laget.audit.models import AccessLogEntry
from laget.cases.models import Measure
from laget.meetings import services
from laget.meetings.models import AgendaItem, Attendance, Meeting, Task
from laget.organisations.access import Access


def test_series_follows_team_cadence_and_shares_series_id(world, lead_access):
    team = world.team
    team.meeting_weekday = 2  # Wednesday
    team.meeting_start = datetime.time(13, 30)
    team.meeting_minutes = 90
    team.cadence_weeks = 2
    team.location = "Biblioteket"
    team.save()
    meetings = services.meeting_series_create(
        access=lead_access, team=team, first_date=datetime.date(2026, 9, 7), count=4
    )
    assert [m.starts_at for m in meetings] == [
        at(2026, 9, 9, 13, 30),
        at(2026, 9, 23, 13, 30),
        at(2026, 10, 7, 13, 30),
        at(2026, 10, 21, 13, 30),
    ]
    assert {m.series for m in meetings} == {meetings[0].series}
    assert meetings[0].series is not None
    assert all(m.duration_minutes == 90 and m.location == "Biblioteket" for m in meetings)
    assert Attendance.objects.filter(meeting=meetings[0]).count() == 3


def test_series_page_creates_meetings_for_lead(world, login):
    client = login(world.lead)
    response = client.post(
        reverse("meetings:series_create"), {"team": world.team.pk, "first_date": "2026-09-07", "count": "3"}
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(team=world.team).count() == 3


def test_series_page_keeps_input_and_explains_bad_count(world, login):
    client = login(world.lead)
    response = client.post(
        reverse("meetings:series_create"), {"team": world.team.pk, "first_date": "2026-09-07", "count": "99"}
    )
    html = response.content.decode()
    assert "Høyst 52 møter." in html
    assert 'value="2026-09-07"' in html


def test_member_may_not_plan_meetings(world, member_access, login):
    with pytest.raises(PermissionDenied):
        services.meeting_create(access=member_access, team=world.team, starts_at=at(2026, 10, 6))
    assert login(world.member).get(reverse("meetings:meeting_create")).status_code == 403


def test_new_meeting_gets_open_tasks_and_due_measures_on_agenda(world, lead_access, case_factory):
    case = case_factory()
    due = make_task(world, deadline=datetime.date(2026, 10, 1))
    make_task(world, deadline=datetime.date(2026, 10, 20), title="Senere")
    make_task(world, deadline=datetime.date(2026, 9, 1), title="Ferdig", done=True)
    make_task(world, deadline=datetime.date(2026, 9, 1), title="Annet team", team=world.other_team)
    measure = make_measure(world, case, evaluation_date=datetime.date(2026, 10, 6))
    make_measure(world, case, evaluation_date=datetime.date(2026, 12, 1))
    make_measure(world, case, evaluation_date=datetime.date(2026, 9, 1), status=Measure.Status.EVALUATED)

    meeting = services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 10, 6))

    items = list(meeting.items.all())
    assert [(i.kind, i.task_id, i.measure_id) for i in items if i.kind == AgendaItem.Kind.TASK_FOLLOWUP] == [
        ("task", due.pk, None)
    ]
    evaluations = [i for i in items if i.kind == AgendaItem.Kind.EVALUATION]
    assert [i.measure_id for i in evaluations] == [measure.pk]
    assert evaluations[0].part == AgendaItem.Part.INDIVIDUAL
    assert evaluations[0].case_id == case.pk


def test_opening_the_agenda_changes_nothing(world, meeting, login, case_factory):
    """The agenda is built when the meeting is planned and by the periodic scan, never by a GET
    (eight simultaneous first views once added each follow-up twice; a member's view added items)."""
    before = list(meeting.items.values_list("pk", flat=True))
    make_task(world, deadline=datetime.date(2026, 10, 1))
    make_measure(world, case_factory(), evaluation_date=datetime.date(2026, 10, 5))
    for user in (world.member, world.lead):
        assert login(user).get(reverse("meetings:meeting_detail", args=[meeting.pk])).status_code == 200
    assert list(meeting.items.values_list("pk", flat=True)) == before


def test_scan_brings_the_next_meeting_up_to_date_once(world, meeting, case_factory):
    first = make_task(world, deadline=datetime.date(2026, 10, 1))
    measure = make_measure(world, case_factory(), evaluation_date=datetime.date(2026, 10, 5))
    later = services.meeting_create(access=Access(world.lead), team=world.team, starts_at=at(2026, 10, 13))
    now = at(2026, 10, 2)
    assert services.carry_over_upcoming(now=now) == 2
    assert services.carry_over_upcoming(now=now) == 0
    assert list(meeting.items.exclude(task=None).values_list("task_id", flat=True)) == [first.pk]
    assert list(meeting.items.exclude(measure=None).values_list("measure_id", flat=True)) == [measure.pk]
    assert not later.items.filter(task=first).exists()


def test_only_what_fell_due_since_the_previous_meeting(world, meeting, lead_access):
    """A task forgotten long ago was on an earlier agenda; it does not come back onto every meeting."""
    old = make_task(world, deadline=datetime.date(2026, 10, 5), title="Gammel")
    new = make_task(world, deadline=datetime.date(2026, 10, 10), title="Ny")
    services.agenda_carry_over(meeting=meeting)
    following = services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 10, 13))
    assert meeting.items.filter(task=old).exists()
    assert list(following.items.exclude(task=None).values_list("task_id", flat=True)) == [new.pk]


def test_a_follow_up_is_on_a_meeting_at_most_once(world, meeting):
    from django.db import IntegrityError, transaction

    task = make_task(world, deadline=datetime.date(2026, 10, 1))
    services.agenda_carry_over(meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, kind=AgendaItem.Kind.TASK_FOLLOWUP, task=task)


def test_closing_a_case_stops_its_measures(world, lead_access, case_factory):
    from laget.cases.services import case_close

    case = case_factory()
    measure = make_measure(world, case, evaluation_date=datetime.date(2026, 10, 5))
    case_close(access=lead_access, case=case, outcome="resolved")
    measure.refresh_from_db()
    assert measure.status == Measure.Status.STOPPED


def test_task_done_before_meeting_leaves_the_planned_agenda(world, meeting, lead_access):
    task = make_task(world, deadline=datetime.date(2026, 10, 1))
    services.agenda_carry_over(meeting=meeting)
    assert meeting.items.filter(task=task).exists()
    Task.objects.filter(pk=task.pk).update(done_at=at(2026, 10, 2))
    services.agenda_carry_over(meeting=meeting)
    assert not meeting.items.filter(task=task).exists()


def test_agenda_not_changed_by_itself_once_invitation_is_sent(world, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.INVITED)
    meeting.refresh_from_db()
    make_task(world, deadline=datetime.date(2026, 10, 1))
    assert services.agenda_carry_over(meeting=meeting) == 0


def test_case_without_consent_is_anonymous_on_agenda(world, meeting, lead_access, login, case_factory):
    case = case_factory(consent=False)
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case, preparer=world.member)
    html = login(world.member).get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert f"Anonym sak {case.number} (5. trinn)" in html
    assert "Nordmann" not in html


def test_case_with_consent_is_named_on_agenda(world, meeting, lead_access, login, case_factory):
    case = case_factory(consent=True)
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case)
    html = login(world.member).get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Ola Nordmann (5A)" in html


def test_agenda_view_logs_meeting_and_each_student_on_it(world, meeting, lead_access, login, case_factory):
    case = case_factory()
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case)
    login(world.member).get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    rows = AccessLogEntry.objects.filter(user_id=world.member.pk, action="meeting.view")
    assert {r.student_id for r in rows} == {None, world.student.pk}


def test_lead_adds_topic_and_case_through_the_form(world, meeting, login, case_factory):
    case = case_factory()
    client = login(world.lead)
    url = reverse("meetings:agenda_item_add", args=[meeting.pk])
    assert (
        client.post(
            url, {"part": "1", "title": "Mobbing på 9. trinn", "preparer": world.member.pk, "minutes": "20"}
        ).status_code
        == 302
    )
    assert client.post(url, {"part": "2", "case": case.pk, "minutes": "15"}).status_code == 302
    kinds = list(meeting.items.filter(kind__in=["topic", "case"]).values_list("kind", "part", "minutes"))
    assert kinds == [("topic", 1, 20), ("case", 2, 15)]


def test_agenda_item_without_title_or_case_gets_norwegian_message_and_keeps_input(world, meeting, login):
    response = login(world.lead).post(
        reverse("meetings:agenda_item_add", args=[meeting.pk]),
        {"part": "1", "title": "", "description": "Viktig tekst", "minutes": "abc"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv et tema, eller velg en sak." in html
    assert "Viktig tekst" in html


def test_member_cannot_change_the_agenda(world, meeting, login):
    response = login(world.member).post(
        reverse("meetings:agenda_item_add", args=[meeting.pk]), {"part": "1", "title": "X", "minutes": "5"}
    )
    assert response.status_code == 403


def test_items_reorder_within_their_part(world, meeting, lead_access, login):
    a = services.agenda_item_add(access=lead_access, meeting=meeting, part=1, title="A")
    b = services.agenda_item_add(access=lead_access, meeting=meeting, part=1, title="B")
    c = services.agenda_item_add(access=lead_access, meeting=meeting, part=1, title="C")
    login(world.lead).post(reverse("meetings:agenda_item_move", args=[c.pk]), {"direction": "up"})
    assert list(meeting.items.filter(part=1).values_list("title", flat=True)) == ["A", "C", "B"]
    services.agenda_item_remove(access=lead_access, item=a)
    assert list(meeting.items.filter(part=1).values_list("pk", flat=True)) == [c.pk, b.pk]


def test_part_totals_are_shown_against_the_team_budget(world, meeting, lead_access, login):
    services.agenda_item_add(access=lead_access, meeting=meeting, part=1, title="A", minutes=50)
    services.agenda_item_add(access=lead_access, meeting=meeting, part=1, title="B", minutes=20)
    html = login(world.lead).get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "70 av 60 min" in html
    assert "Delen tar mer tid enn teamet har satt av." in html


def test_warns_when_individual_cases_exceed_team_limit(world, meeting, lead_access, login, case_factory):
    world.team.max_individual_cases = 1
    world.team.save()
    meeting.team.max_individual_cases = 1
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case_factory())
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case_factory(student=world.student2))
    html = login(world.lead).get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Sakslisten har 2 individsaker" in html


def test_concurrent_agenda_edit_is_refused_not_overwritten(world, meeting, lead_access, login):
    item = services.agenda_item_add(access=lead_access, meeting=meeting, part=1, title="Klasseledelse")
    services.agenda_item_update(
        access=lead_access, item=item, version=item.version, title="Klasseledelse – ukens oppgave", part=1, minutes=10
    )
    response = login(world.lead).post(
        reverse("meetings:agenda_item_edit", args=[item.pk]),
        {"part": "1", "title": "Min versjon", "minutes": "15", "version": str(item.version)},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Klasseledelse – ukens oppgave" in html
    assert "Min versjon" in html
    item.refresh_from_db()
    assert item.title == "Klasseledelse – ukens oppgave"


@pytest.mark.parametrize("url_name", ["meeting_detail", "attendance", "minutes", "meeting_ics"])
@pytest.mark.parametrize(
    ("who", "status"), [("lead", 200), ("member", 200), ("nurse", 200), ("teacher", 404), ("outsider", 404)]
)
def test_meeting_pages_only_for_the_team(world, meeting, login, url_name, who, status):
    response = login(getattr(world, who)).get(reverse(f"meetings:{url_name}", args=[meeting.pk]))
    assert response.status_code == status


def test_meeting_list_shows_only_own_teams_meetings(world, meeting, login):
    other = services.meeting_create(access=Access(world.outsider), team=world.other_team, starts_at=at(2026, 10, 7))
    html = login(world.member).get(reverse("meetings:meeting_list")).content.decode()
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in html
    assert reverse("meetings:meeting_detail", args=[other.pk]) not in html


def test_meeting_list_query_count_is_flat(world, lead_access, login, django_assert_max_num_queries):
    client = login(world.member)
    url = reverse("meetings:meeting_list")
    services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 10, 6))
    few = count_queries(client, url)
    for day in range(7, 20):
        m = services.meeting_create(access=lead_access, team=world.team, starts_at=at(2026, 10, day))
        services.agenda_item_add(access=lead_access, meeting=m, part=1, title="Tema")
    assert count_queries(client, url) <= few
    with django_assert_max_num_queries(few):
        client.get(url)


def test_meeting_detail_query_count_is_flat(
    world, meeting, lead_access, login, case_factory, django_assert_max_num_queries
):
    client = login(world.lead)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case_factory(consent=True))
    client.get(url)
    few = count_queries(client, url)
    for i in range(6):
        services.agenda_item_add(access=lead_access, meeting=meeting, part=1, title=f"Tema {i}", preparer=world.member)
        case = case_factory(consent=i % 2 == 0, student=world.student2)
        services.agenda_item_add(access=lead_access, meeting=meeting, part=2, case=case)
        make_task(world, deadline=datetime.date(2026, 10, 1), title=f"Oppgave {i}")
    services.agenda_carry_over(meeting=meeting)  # the periodic scan writes the new follow-ups once
    assert meeting.items.count() == 19
    assert count_queries(client, url) <= few
    with django_assert_max_num_queries(few):
        client.get(url)
