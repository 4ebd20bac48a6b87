"""Where a user writes in an anonymous case, the form warns about the student's and guardians' names
and offers to remove them; nothing typed is lost (laget.cases.name_warning)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from laget.meetings.models import AgendaItem, Meeting, Task


@pytest.fixture
def meeting(world):
    return Meeting.objects.create(
        team=world.team, starts_at=timezone.now() + datetime.timedelta(days=3), created_by=world.lead
    )


def start(meeting):
    """Tasks and minutes are written once the meeting has started (the meeting's life)."""
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.STARTED, started_at=timezone.now())


def add_item(client, meeting, case, **extra):
    data = {"part": 2, "case": case.pk, "title": "Ringe Mona Nordmann om Ola", "description": "", "minutes": 10}
    return client.post(reverse("meetings:agenda_item_add", args=[meeting.pk]), {**data, **extra})


def test_agenda_item_naming_the_student_of_an_anonymous_case_is_not_saved_and_warns(
    client, world, meeting, case_factory
):
    case = case_factory(consent=False)
    client.force_login(world.lead)
    response = add_item(client, meeting, case)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saken er anonym, men teksten nevner Mona Nordmann, Ola." in html
    assert "Fjern navnene og lagre" in html
    assert 'value="Ringe Mona Nordmann om Ola"' in html  # nothing typed is lost
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_remove_the_names_and_save(client, world, meeting, case_factory):
    case = case_factory(consent=False)
    client.force_login(world.lead)
    response = add_item(client, meeting, case, navn="fjern")
    assert response.status_code == 302
    assert AgendaItem.objects.get(meeting=meeting).title == "Ringe [navn] om [navn]"


def test_keep_the_names_saves_as_typed(client, world, meeting, case_factory):
    case = case_factory(consent=False)
    client.force_login(world.lead)
    assert add_item(client, meeting, case, navn="behold").status_code == 302
    assert AgendaItem.objects.get(meeting=meeting).title == "Ringe Mona Nordmann om Ola"


def test_no_warning_in_a_case_named_to_the_team(client, world, meeting, case_factory):
    case = case_factory(consent=True)
    client.force_login(world.lead)
    assert add_item(client, meeting, case).status_code == 302
    assert AgendaItem.objects.get(meeting=meeting).title == "Ringe Mona Nordmann om Ola"


def test_task_in_an_anonymous_case_warns_and_removes_names(client, world, meeting, case_factory):
    case = case_factory(consent=False)
    item = AgendaItem.objects.create(meeting=meeting, part=2, case=case, title="Lesing")
    start(meeting)
    client.force_login(world.lead)
    url = reverse("meetings:task_create", args=[item.pk])
    data = {
        f"task-{item.pk}-title": "Ringe mona om ola",
        f"task-{item.pk}-owner": world.member.pk,
        f"task-{item.pk}-deadline": "2026-12-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Fjern navnene og lagre" in html
    assert f'name="task-{item.pk}-navn" value="fjern"' in html
    assert "Ringe mona om ola" in html
    assert not Task.objects.exists()
    assert client.post(url, {**data, f"task-{item.pk}-navn": "fjern"}).status_code == 302
    assert Task.objects.get().title == "Ringe [navn] om [navn]"


def test_minutes_naming_the_child_are_saved_with_a_warning_and_the_names_can_be_removed(
    client, world, meeting, case_factory
):
    case = case_factory(consent=False)
    item = AgendaItem.objects.create(meeting=meeting, part=2, case=case, title="Lesing")
    start(meeting)
    client.force_login(world.lead)
    url = reverse("meetings:notes_save", args=[item.pk])
    response = client.post(url, {"notes": "Jon Nordmann ringer skolen", "version": 0}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saken er anonym, men referatet nevner Jon Nordmann." in html
    assert 'name="navn" value="fjern"' in html
    item.refresh_from_db()
    assert item.notes == "Jon Nordmann ringer skolen"  # nothing typed is lost
    response = client.post(url, {"notes": item.notes, "version": item.notes_version, "navn": "fjern"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.notes == "[navn] ringer skolen"


def test_minutes_of_a_named_case_are_saved_without_a_warning(client, world, meeting, case_factory):
    case = case_factory(consent=True)
    item = AgendaItem.objects.create(meeting=meeting, part=2, case=case, title="Lesing")
    client.force_login(world.lead)
    url = reverse("meetings:notes_save", args=[item.pk])
    html = client.post(url, {"notes": "Jon Nordmann ringer", "version": 0}, HTTP_HX_REQUEST="true").content.decode()
    assert "Saken er anonym" not in html
