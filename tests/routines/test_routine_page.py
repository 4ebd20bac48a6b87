import datetime

import pytest
from django.urls import reverse

from laget.cases.categories import challenges_for_school
from laget.cases.models import Referral
from laget.cases.services import referral_submit
from laget.organisations.access import Access
from laget.routines.models import RoutineVersion
from laget.routines.selectors import routine_for_school
from laget.routines.services import routine_load_preset

URL = reverse("routines:routine")
EDIT = reverse("routines:edit")


def _settings(version, **overrides):
    data = {
        "version": version.number,
        "meeting_minutes": 90,
        "cadence_weeks": 2,
        "system_minutes": 30,
        "referral_categories": "lesevansker|Lese- og skrivevansker\nurolig|Uro i klassen",
        "tgl_visits_per_year": 0,
        "retention_years": 8,
        "iep_days": 30,
        "keep_half_year_report": "",
        "note": "Tilpasset skolen",
    }
    data.update(overrides)
    return data


def test_lead_sees_routine_and_loads_a_preset(client, world):
    client.force_login(world.lead)
    assert client.get(URL).status_code == 200
    response = client.post(reverse("routines:load"), {"preset": "hustadvika_barneskole", "skole": world.school.pk})
    assert response.status_code == 302
    page = client.get(URL).content.decode()
    assert "Ressursteam i Hustadvikaskolen – barneskole" in page
    assert "Felles møte for gjennomgang av kartlegginger" in page


@pytest.mark.parametrize(("user", "status"), [("member", 200), ("nurse", 200), ("teacher", 404), ("outsider", 200)])
def test_routine_page_is_read_by_the_team_only(client, world, user, status):
    routine_load_preset(school=world.school, preset="sandnes_grunnskole")
    client.force_login(getattr(world, user))
    response = client.get(URL)
    assert response.status_code == status
    if user == "outsider":  # their own school, which has no routine; never this school's
        assert "Skolen har ingen rutine ennå" in response.content.decode()


def test_outsider_cannot_ask_for_another_schools_routine(client, world):
    routine_load_preset(school=world.school, preset="sandnes_grunnskole")
    client.force_login(world.outsider)
    assert client.get(URL, {"skole": world.school.pk}).status_code == 404
    assert (
        client.post(reverse("routines:load"), {"preset": "oslo_barneskole", "skole": world.school.pk}).status_code
        == 404
    )


def test_member_may_not_change_the_routine(client, world):
    version = routine_load_preset(school=world.school, preset="sandnes_grunnskole")
    client.force_login(world.member)
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, _settings(version)).status_code == 403
    assert client.post(reverse("routines:load"), {"preset": "oslo_barneskole"}).status_code == 403
    assert routine_for_school(world.school).pk == version.pk


def test_edit_makes_a_new_version_and_a_case_keeps_its_version(client, world, case_factory):
    first = routine_load_preset(school=world.school, preset="hustadvika_barneskole")
    referral = Referral.objects.create(
        school=world.school,
        kind="individ",
        student=world.student,
        author=world.teacher,
        challenges=["lesevansker"],
        social_description="Trenger støtte.",
        referral_date=datetime.date(2026, 9, 1),
        first_concern_date=datetime.date(2026, 8, 1),
    )
    case = referral_submit(access=Access(world.teacher), referral=referral)
    assert case.routine_version == first
    client.force_login(world.lead)
    response = client.post(EDIT, _settings(first))
    assert response.status_code == 302
    current = routine_for_school(world.school)
    assert current.number == 2
    assert current.note == "Tilpasset skolen"
    assert current.data["deadlines"]["keep_half_year_report"] is False
    case.refresh_from_db()
    assert case.routine_version == first
    assert RoutineVersion.objects.get(pk=first.pk).data["retention_years"] == 10
    page = client.get(URL).content.decode()
    assert "Endret fra versjon 1 til 2" in page
    assert "retention_years" in page


def test_editing_applies_cadence_and_the_referral_forms_categories(client, world):
    version = routine_load_preset(school=world.school, preset="baerum_barneskole")
    client.force_login(world.lead)
    client.post(EDIT, _settings(version))
    world.team.refresh_from_db()
    assert (world.team.meeting_minutes, world.team.cadence_weeks, world.team.system_minutes) == (90, 2, 30)
    assert challenges_for_school(world.school) == [
        ("lesevansker", "Lese- og skrivevansker"),
        ("urolig", "Uro i klassen"),
    ]
    client.force_login(world.teacher)
    form = client.get(reverse("cases:referral_create")).content.decode()
    assert "Uro i klassen" in form
    assert "Samspillsvansker" not in form


def test_stale_version_is_refused_with_everything_kept(client, world):
    version = routine_load_preset(school=world.school, preset="baerum_barneskole")
    client.force_login(world.lead)
    client.post(EDIT, _settings(version))
    response = client.post(EDIT, _settings(version, meeting_minutes=100))
    assert response.status_code == 200
    assert "endret av noen andre" in response.content.decode()
    assert routine_for_school(world.school).number == 2


def test_bad_category_lines_get_a_norwegian_message(client, world):
    version = routine_load_preset(school=world.school, preset="baerum_barneskole")
    client.force_login(world.lead)
    response = client.post(EDIT, _settings(version, referral_categories="Uten kode"))
    assert response.status_code == 200
    assert "skriv kode|tekst" in response.content.decode()
    assert "Uten kode" in response.content.decode()


def test_stored_code_keeps_its_label_after_the_routine_drops_it(world, case_factory):
    routine_load_preset(school=world.school, preset="hustadvika_barneskole")
    from laget.cases.categories import challenge_labels

    assert challenge_labels(["samspill"], world.school) == ["Samspillsvansker"]
