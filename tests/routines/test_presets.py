import pytest
from django.core.management import call_command

from laget.organisations.models import Membership, Role
from laget.routines.models import RoutineVersion
from laget.routines.presets import preset_codes, preset_data, validate
from laget.routines.selectors import routine_for_school

PRESETS = [
    "baerum_barneskole",
    "baerum_ungdomsskole",
    "breivang_vgs",
    "hustadvika_barneskole",
    "hustadvika_ungdomsskole",
    "oslo_barneskole",
    "sandnes_grunnskole",
]


def test_every_seed_has_its_preset():
    assert preset_codes() == PRESETS


@pytest.mark.parametrize("code", PRESETS)
def test_preset_loads_and_validates(world, code):
    validate(preset_data(code))
    call_command("load_routine", code, "--school", world.school.name)
    version = routine_for_school(world.school)
    assert version.routine.preset == code
    assert version.data == preset_data(code)


def test_load_routine_is_idempotent(world):
    call_command("load_routine", "sandnes_grunnskole", "--school", str(world.school.pk))
    call_command("load_routine", "sandnes_grunnskole", "--school", str(world.school.pk))
    assert RoutineVersion.objects.filter(routine__school=world.school).count() == 1
    assert routine_for_school(world.other_school) is None


def _role_codes(code):
    return {r["code"]: r for r in preset_data(code)["roles"]}


def test_hustadvika_primary_and_lower_secondary_teams_follow_seed_000():
    primary, lower = _role_codes("hustadvika_barneskole"), _role_codes("hustadvika_ungdomsskole")
    # §4.1: rektor, inspektør and/or spes.ped. koordinator, PP-rådgiver, helsesykepleier, a teacher representative
    assert set(primary) == {"rektor", "avdelingsleder", "spesped", "pprad", "helsesykepleier", "laererrep"}
    assert primary["avdelingsleder"]["name"] == "Inspektør"
    # §4.2: rektor, spes.ped. koordinator, PP-rådgiver, helsesykepleier, rådgiver, a teacher representative
    assert set(lower) == {"rektor", "spesped", "pprad", "helsesykepleier", "radgiver", "laererrep"}
    meeting = preset_data("hustadvika_barneskole")["meeting_types"][0]
    assert meeting["cadence_options"] == [1, 2]
    assert meeting["parts"][2] == {
        "number": 3,
        "name": "Felles møte for gjennomgang av kartlegginger",
        "minutes": 30,
        "optional": True,
    }
    assert preset_data("hustadvika_barneskole")["escalation_ladder"] == "bti"


def test_presets_are_faithful_to_their_seeds():
    baerum = preset_data("baerum_ungdomsskole")
    assert baerum["key_figures"] == "baerum"
    assert [(p["name"], p["minutes"]) for p in baerum["meeting_types"][0]["parts"]] == [
        ("Systemarbeid", 60),
        ("Individarbeid", 60),
    ]
    sandnes = preset_data("sandnes_grunnskole")
    assert sandnes["consent"]["written"] is True
    assert sandnes["tgl_visits_per_year"] == 2
    assert sandnes["revision"]["yearly"] is True
    assert [a["code"] for a in sandnes["case_areas"]] == ["kap12", "kap11", "sprak", "naervaer"]
    assert all(r["responsibility"] for r in sandnes["roles"])
    oslo = preset_data("oslo_barneskole")
    assert oslo["escalation_ladder"] == "oslo_six"
    assert next(t for t in oslo["meeting_types"] if t["code"] == "ressursteam")["cadence_weeks"] == 4
    breivang = preset_data("breivang_vgs")
    assert breivang["deadlines"]["iep_days"] == 21
    assert breivang["deadlines"]["keep_half_year_report"] is True
    assert breivang["attendance_ladder"] == "breivang"
    assert len(preset_data("hustadvika_barneskole")["referral_categories"]) == 10


def test_loading_applies_cadence_roles_and_responsibilities(world):
    call_command("load_routine", "baerum_barneskole", "--school", world.school.name)
    world.team.refresh_from_db()
    assert (world.team.meeting_minutes, world.team.cadence_weeks, world.team.system_minutes) == (120, 1, 60)
    assert Role.objects.filter(code="miljolaerer").exists()
    pprad = Membership.objects.get(team=world.team, user=world.member)
    assert pprad.responsibility.startswith("Kompetanse- og organisasjonsutvikling")
    call_command("load_routine", "oslo_barneskole", "--school", world.school.name)
    world.team.refresh_from_db()
    assert world.team.cadence_weeks == 4
    pprad.refresh_from_db()
    assert pprad.responsibility.startswith("Kompetanse")  # a text already set is kept
