"""The routine decides, and only the routine: checks, agenda parts, meeting types and lengths come
from the school's routine; nothing from another preset leaks in."""

import datetime

from django.urls import reverse
from django.utils import timezone

from laget.meetings import services
from laget.meetings.forms import AgendaItemForm, MeetingForm
from laget.meetings.selectors import agenda_items, agenda_parts
from laget.organisations.access import Access
from laget.organisations.models import Team
from laget.routines.services import routine_load_preset
from laget.wheel.selectors import meeting_checks


def soon():
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)


def test_no_triangle_meeting_warning_where_the_routine_has_none(world):
    routine_load_preset(school=world.school, preset="sandnes_grunnskole")
    assert meeting_checks(world.school, 2026) == []
    routine_load_preset(school=world.other_school, preset="oslo_barneskole")
    labels = [c["label"] for c in meeting_checks(world.other_school, 2026)]
    assert not any("triangel" in str(label) for label in labels)
    assert any("Ansvarsgruppemøter" in str(label) for label in labels)  # Oslo's routine has them


def test_breivangs_triangle_minimum_still_holds_where_its_routine_is(world):
    routine_load_preset(school=world.school, preset="breivang_vgs")
    checks = meeting_checks(world.school, 2026)
    assert [c["required"] for c in checks if "triangel" in str(c["label"])] == [3, 3]


def test_meeting_types_and_names_come_from_the_routine(client, world):
    routine_load_preset(school=world.school, preset="sandnes_grunnskole")
    form = MeetingForm(teams=Team.objects.filter(pk=world.team.pk))
    assert form.fields["kind"].choices == [
        ("ressursteam", "Ressursgruppemøte"),
        ("tverrfaglig", "Tverrfaglig koordinerende møte"),
    ]
    meeting = services.meeting_create(access=Access(world.lead), team=world.team, starts_at=soon())
    assert meeting.get_kind_display() == "Ressursgruppemøte"
    client.force_login(world.lead)
    html = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Ressursgruppemøte" in html


def test_hustadvikas_meeting_length_comes_from_its_routine(world):
    routine_load_preset(school=world.school, preset="hustadvika_barneskole")
    Team.objects.filter(pk=world.team.pk).update(meeting_minutes=120)  # a team set up before the routine
    team = Team.objects.get(pk=world.team.pk)
    meeting = services.meeting_create(access=Access(world.lead), team=team, starts_at=soon())
    assert meeting.duration_minutes == 90


def test_agenda_part_3_only_where_the_routine_has_it(world):
    routine_load_preset(school=world.school, preset="baerum_barneskole")
    meeting = services.meeting_create(access=Access(world.lead), team=world.team, starts_at=soon())
    form = AgendaItemForm(cases=world.school.cases.none(), staff=world.school.staff.none(), meeting=meeting)
    assert [value for value, _label in form.fields["part"].choices] == [1, 2]
    routine_load_preset(school=world.other_school, preset="hustadvika_barneskole")
    other = services.meeting_create(access=Access(world.outsider), team=world.other_team, starts_at=soon())
    form = AgendaItemForm(cases=world.school.cases.none(), staff=world.school.staff.none(), meeting=other)
    assert [value for value, _label in form.fields["part"].choices] == [1, 2, 3]


def test_an_interdisciplinary_meeting_has_its_own_agenda_shape(world, case_factory):
    routine_load_preset(school=world.school, preset="oslo_barneskole")
    lead = Access(world.lead)
    meeting = services.meeting_create(access=lead, team=world.team, starts_at=soon(), kind="tverrfaglig")
    services.agenda_item_add(access=lead, meeting=meeting, part=1, case=case_factory(), minutes=200)
    parts = agenda_parts(meeting, agenda_items(meeting, viewer=lead))
    assert [(p["name"], p["budget"], p["over"]) for p in parts] == [("Saksliste", None, False)]
