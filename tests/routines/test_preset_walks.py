"""One walk per seed preset: load it onto the school and follow what is distinctive about that seed
through the services and selectors that read the routine."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from laget.attendance.ladder import ladder_for_school as attendance_ladder_for_school
from laget.attendance.presets import preset_load as attendance_preset_load
from laget.cases.disclosure import has_consent
from laget.cases.models import Case, Consent, Kind
from laget.ladders.models import LadderMove
from laget.ladders.presets import ensure_ladder_presets
from laget.ladders.selectors import ladder_for_school
from laget.ladders.services import case_escalate
from laget.meetings.models import AgendaItem, GuestInvitation, Meeting
from laget.meetings.selectors import agenda_parts
from laget.meetings.services import meeting_create
from laget.organisations.access import Access
from laget.organisations.models import Role, School
from laget.ppt.routines import routine_for_school as ppt_routine_for_school
from laget.reports.compliance import GREEN, compliance
from laget.reports.figures import compute_meeting, school_year_bounds, school_year_of
from laget.reports.views import area_label, routine_area_labels
from laget.routines.selectors import routine_data_for_school
from laget.routines.services import routine_load_preset


def _at(day: datetime.date, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def test_hustadvika_team_per_school_type_agenda_parts_and_bti(world, case_factory):
    ensure_ladder_presets()
    assert world.school.kind == School.Kind.PRIMARY
    routine_load_preset(school=world.school, preset="hustadvika_barneskole")
    data = routine_data_for_school(world.school)
    # §4.1 (barneskole): an inspektør and a teacher representative; §4.2 (ungdomsskole) adds a rådgiver.
    codes = {r["code"] for r in data["roles"]}
    assert {"rektor", "avdelingsleder", "spesped", "pprad", "helsesykepleier", "laererrep"} == codes
    assert Role.objects.filter(code__in=codes).count() == len(codes)
    lower = School.objects.create(owner=world.owner, name="Hustad ungdomsskole", kind=School.Kind.LOWER_SECONDARY)
    routine_load_preset(school=lower, preset="hustadvika_ungdomsskole")
    assert "radgiver" in {r["code"] for r in routine_data_for_school(lower)["roles"]}
    # Parts 1 and 2 of 45 minutes each; part 3 (mapping review) is optional and shows only when used.
    world.team.refresh_from_db()
    assert (world.team.meeting_minutes, world.team.system_minutes) == (90, 45)
    parts = data["meeting_types"][0]["parts"]
    assert [p.get("optional", False) for p in parts] == [False, False, True]
    meeting = meeting_create(access=Access(world.lead), team=world.team, starts_at=_at(datetime.date(2026, 10, 6)))
    items = list(meeting.items.all())
    assert [p["value"] for p in agenda_parts(meeting, items)] == [1, 2]
    mapping = AgendaItem.objects.create(meeting=meeting, part=AgendaItem.Part.MAPPING, title="Kartlegginger")
    assert [p["value"] for p in agenda_parts(meeting, [*items, mapping])] == [1, 2, 3]
    # The BTI ladder is the school's through the routine.
    assert ladder_for_school(world.school).code == "bti"


def test_baerum_weekly_two_hours_and_key_figures(world, case_factory):
    routine_load_preset(school=world.school, preset="baerum_ungdomsskole")
    world.team.refresh_from_db()
    assert (world.team.cadence_weeks, world.team.meeting_minutes, world.team.system_minutes) == (1, 120, 60)
    # Gap: nothing reads "key_figures" yet; the figures are computed for any meeting.
    assert routine_data_for_school(world.school)["key_figures"] == "baerum"
    meeting = Meeting.objects.create(team=world.team, starts_at=_at(datetime.date(2026, 10, 6)), created_by=world.lead)
    system_case = case_factory(kind=Kind.SYSTEM, title="Uro i 6. trinn")
    case = case_factory(consent=True)
    AgendaItem.objects.create(meeting=meeting, part=AgendaItem.Part.SYSTEM, case=system_case, title="Uro")
    AgendaItem.objects.create(meeting=meeting, part=AgendaItem.Part.INDIVIDUAL, case=case, title="Sak")
    figures = compute_meeting(meeting)
    assert (figures.system_cases, figures.individual_cases) == (1, 1)


def test_sandnes_written_consent_case_areas_tgl_and_yearly_revision(world, case_factory):
    routine_load_preset(school=world.school, preset="sandnes_grunnskole", user=world.lead)
    data = routine_data_for_school(world.school)
    # Gap: "consent.written" is not enforced; a signed form is what makes the case named.
    assert data["consent"]["written"] is True
    case = case_factory(consent=True)
    assert set(case.consents.values_list("method", flat=True)) == {Consent.Method.SIGNED_FORM}
    assert has_consent(case, on=datetime.date(2026, 9, 3))
    labels = routine_area_labels(world.school)
    assert list(labels) == [a.value for a in Case.Area]
    assert area_label("kap12", labels).startswith("Trygt og godt skolemiljø")
    # TGL visits at least twice a school year show on the compliance view.
    start_year = school_year_of(timezone.localdate())
    start, end = school_year_bounds(start_year)
    guest = get_user_model().objects.create(username="tgl-veileder")
    for weeks in (4, 30):
        starts = _at(start + datetime.timedelta(weeks=weeks))
        meeting = Meeting.objects.create(
            team=world.team, starts_at=starts, status=Meeting.Status.APPROVED, created_by=world.lead
        )
        GuestInvitation.objects.create(
            meeting=meeting,
            guest=guest,
            agency_name=data["invited_agencies"][0]["name"],
            invited_by=world.lead,
            invited_at=starts,
        )
    lines = {line.code: line for line in compliance(world.school, start_year, today=end)}
    assert (lines["tgl"].value, lines["tgl"].color) == ("2", GREEN)
    assert "minst 2" in lines["tgl"].detail
    # Yearly revision: loading the routine this school year counts as revised.
    assert data["revision"]["yearly"] is True
    assert lines["revision"].color == GREEN


def test_oslo_monthly_and_six_level_ladder(world, case_factory):
    ensure_ladder_presets()
    routine_load_preset(school=world.school, preset="oslo_barneskole")
    world.team.refresh_from_db()
    assert world.team.cadence_weeks == 4
    ladder = ladder_for_school(world.school)
    assert (ladder.code, ladder.levels.count()) == ("oslo_six", 6)
    case = case_factory(consent=True)
    case_escalate(access=Access(world.lead), case=case, to_level=1, reason="Samarbeidsmøte med foresatte.")
    move = case_escalate(access=Access(world.lead), case=case, to_level=2, reason="Tiltakene har ikke virket.")
    assert (move.from_level.number, move.to_level.number, move.reason) == (1, 2, "Tiltakene har ikke virket.")
    assert LadderMove.objects.filter(case=case).count() == 2


def test_breivang_ppt_deadlines_attendance_ladder_and_triangel_topics(world):
    routine_load_preset(school=world.school, preset="breivang_vgs")
    data = routine_data_for_school(world.school)
    ppt = ppt_routine_for_school(world.school)
    assert (ppt.preset, ppt.iep_days, ppt.keep_half_year_report) == ("breivang", 21, True)
    # Gap: attendance.ladder_for_school does not read the routine's "attendance_ladder"; the shared preset is used.
    attendance_preset_load("breivang")
    assert attendance_ladder_for_school(world.school).code == data["attendance_ladder"] == "breivang"
    # Gap: meetings.kinds matches meeting types on "kind", the preset has "code"; defaults give the same topics.
    triangel = next(t for t in data["meeting_types"] if t["code"] == "triangelmote")
    meeting = meeting_create(
        access=Access(world.lead),
        team=world.team,
        starts_at=_at(datetime.date(2026, 10, 6)),
        kind=Meeting.Kind.TRIANGLE,
    )
    titles = list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("title", flat=True))
    assert titles == triangel["fixed_topics"]
