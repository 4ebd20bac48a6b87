"""Annual wheel (årshjul), meeting types and routine descriptions (issue "Every seed's routine runs in Laget…")."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from laget.meetings import services as meeting_services
from laget.meetings.models import AgendaItem, Meeting, Task
from laget.organisations.access import Access
from laget.organisations.models import Membership, Role
from laget.wheel import services
from laget.wheel.deadlines import wheel_deadlines
from laget.wheel.models import RoutineDescription, WheelItem, WheelRun
from laget.wheel.selectors import meeting_checks, year_view

YEAR = 2026


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def seeded(world):
    Membership.objects.create(team=world.team, user=world.member, role=Role.objects.get(code="avdelingsleder"))
    services.wheel_seed(access=Access(world.lead), school=world.school)
    return world


def test_seed_fills_the_default_wheel_once(seeded):
    items = WheelItem.objects.filter(school=seeded.school)
    titles = set(items.values_list("title", flat=True))
    assert "Nasjonale prøver: gjennomføring og oppfølging" in titles
    assert items.filter(creates="meeting", meeting_kind="triangel").count() == 6
    assert items.filter(creates="task").count() == 2
    assert services.wheel_seed(access=Access(seeded.lead), school=seeded.school) == 0


def test_materialising_a_year_is_idempotent_and_puts_things_on_the_right_dates(seeded):
    lead = Access(seeded.lead)
    # resource-team meetings in September and June take the agenda items of those months
    sept = meeting_services.meeting_create(access=lead, team=seeded.team, starts_at=at(datetime.date(2026, 9, 8)))
    june = meeting_services.meeting_create(access=lead, team=seeded.team, starts_at=at(datetime.date(2027, 6, 8)))
    first = services.wheel_materialise(access=lead, school=seeded.school, year=YEAR)
    assert first["meeting"] == 6
    assert first["task"] == 2
    assert first["agenda"] == 2
    assert first["waiting"] == 4  # August, two TGL visits, the pupil survey: no meeting planned in those months
    again = services.wheel_materialise(access=lead, school=seeded.school, year=YEAR)
    assert again["meeting"] == again["task"] == again["agenda"] == 0
    assert again["existing"] == 10
    assert Meeting.objects.filter(kind="triangel", team=seeded.team).count() == 6
    tasks = {t.title: t for t in Task.objects.filter(school=seeded.school)}
    assert tasks["Rapportfrist: halvårsrapport fra ressursteamet"].deadline == datetime.date(2027, 1, 31)
    assert tasks["Rapportfrist: årsrapport fra ressursteamet"].deadline == datetime.date(2027, 5, 30)
    assert tasks["Rapportfrist: årsrapport fra ressursteamet"].owner == seeded.lead
    assert sept.items.filter(title="Nasjonale prøver: gjennomføring og oppfølging").exists()
    assert june.items.filter(title="Årlig revisjon av rutinen for ressursteamet").exists()
    triangles = Meeting.objects.filter(kind="triangel").order_by("starts_at")
    # the team meets on Tuesdays: the first Tuesday of September 2026 is the 1st
    assert timezone.localtime(triangles[0].starts_at).date() == datetime.date(2026, 9, 1)
    run = WheelRun.objects.get(meeting=triangles[0])
    assert run.item.owner_role.code == "avdelingsleder"
    # a meeting planned later in October lets the waiting TGL item land on it
    meeting_services.meeting_create(access=lead, team=seeded.team, starts_at=at(datetime.date(2026, 10, 13)))
    assert services.wheel_materialise(access=lead, school=seeded.school, year=YEAR)["agenda"] == 1


def test_a_member_who_does_not_lead_may_not_materialise(seeded):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.wheel_materialise(access=Access(seeded.nurse), school=seeded.school, year=YEAR)


def test_triangle_meeting_gets_three_fixed_topics(world):
    meeting = meeting_services.meeting_create(
        access=Access(world.lead), team=world.team, starts_at=at(datetime.date(2026, 9, 1)), kind="triangel"
    )
    titles = list(meeting.items.filter(part=AgendaItem.Part.SYSTEM).values_list("title", flat=True))
    assert titles == ["Læringsmiljø i klassen", "Utbytte av opplæringa", "Nærværsoppfølging"]
    plain = meeting_services.meeting_create(
        access=Access(world.lead), team=world.team, starts_at=at(datetime.date(2026, 9, 2))
    )
    assert not plain.items.exists()


def test_at_least_three_triangle_meetings_per_half_year(world):
    lead = Access(world.lead)
    for day in (datetime.date(2026, 9, 1), datetime.date(2026, 10, 6)):
        meeting_services.meeting_create(access=lead, team=world.team, starts_at=at(day), kind="triangel")
    autumn, _spring, _groups = meeting_checks(world.school, YEAR)
    assert (autumn["count"], autumn["ok"]) == (2, False)
    meeting_services.meeting_create(
        access=lead, team=world.team, starts_at=at(datetime.date(2026, 11, 3)), kind="triangel"
    )
    autumn, spring, _groups = meeting_checks(world.school, YEAR)
    assert (autumn["count"], autumn["ok"]) == (3, True)
    assert (spring["count"], spring["ok"]) == (0, False)


def test_meeting_types_are_creatable_from_the_form(client, world):
    client.force_login(world.lead)
    for kind in ("overgang", "tverrfaglig", "ansvarsgruppe"):
        response = client.post(
            reverse("meetings:meeting_create"),
            {
                "team": world.team.pk,
                "kind": kind,
                "date": "2026-10-06",
                "time": "12:00",
                "duration_minutes": 60,
                "location": "Rom 2",
                "participants_note": "Mor, far, kontaktlærer og PPT",
                "confirm_past": "1",  # registering meetings already held
            },
        )
        assert response.status_code == 302
        meeting = Meeting.objects.get(kind=kind)
        page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
        assert meeting.get_kind_display() in page
    group = Meeting.objects.get(kind="ansvarsgruppe")
    assert group.participants_note == "Mor, far, kontaktlærer og PPT"
    page = client.get(reverse("meetings:meeting_detail", args=[group.pk])).content.decode()
    assert "Foresatte avgjør hvem som deltar" in page
    assert client.get(reverse("meetings:attendance", args=[group.pk])).status_code == 200
    assert client.get(reverse("meetings:minutes", args=[group.pk])).status_code == 200
    assert Meeting.objects.get(kind="overgang").participants_note == ""


def test_provider_yields_open_wheel_items_with_stable_keys(seeded):
    today = datetime.date(2026, 11, 20)
    items = list(wheel_deadlines(school_ids=[seeded.school.pk], today=today))
    keys = {d.key for d in items}
    national = WheelItem.objects.get(school=seeded.school, title__startswith="Nasjonale")
    assert f"wheel:{national.pk}:2026" in keys
    d = next(d for d in items if d.key == f"wheel:{national.pk}:2026")
    assert d.kind == "wheel"
    assert d.owner_id == seeded.lead.pk
    assert d.due == datetime.date(2026, 9, 1)
    triangle = WheelItem.objects.filter(school=seeded.school, meeting_kind="triangel").first()
    owned = next(d for d in items if d.key == f"wheel:{triangle.pk}:2026")
    assert owned.owner_id == seeded.member.pk  # resolved from the role avdelingsleder
    # once materialised, task items are left to the task provider and held meetings drop out
    services.wheel_materialise(access=Access(seeded.lead), school=seeded.school, year=YEAR)
    Meeting.objects.filter(kind="triangel").update(status=Meeting.Status.HELD)
    after = {d.key for d in wheel_deadlines(school_ids=[seeded.school.pk], today=today)}
    assert f"wheel:{triangle.pk}:2026" not in after
    report = WheelItem.objects.get(school=seeded.school, title__startswith="Rapportfrist: halv")
    assert f"wheel:{report.pk}:2026" not in after
    assert f"wheel:{national.pk}:2026" in after  # still waiting for a September meeting
    assert not list(wheel_deadlines(school_ids=[seeded.other_school.pk], today=today))


def test_year_view_renders_with_today_marked(client, seeded):
    client.force_login(seeded.member)
    today = timezone.localdate()
    response = client.get(reverse("wheel:year"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-current="date"' in page
    assert "wheel-today-line" in page
    assert "Nasjonale prøver" in page
    assert "Klasselærerråd / triangelmøter" in page
    view = year_view(seeded.school, YEAR, today=datetime.date(2026, 11, 20))
    current = [m for m in view["months"] if m["is_current"]]
    assert [m["number"] for m in current] == [11]
    assert view["today_mark"]
    assert today  # the page above used the real today


def test_wheel_is_404_for_other_schools_and_lead_only_for_writes(client, seeded):
    client.force_login(seeded.outsider)
    assert client.get(reverse("wheel:year") + f"?skole={seeded.school.pk}").status_code == 404
    item = WheelItem.objects.filter(school=seeded.school).first()
    assert client.post(reverse("wheel:item_delete", args=[item.pk])).status_code == 404
    client.force_login(seeded.nurse)
    assert client.post(reverse("wheel:materialise"), {"skole": seeded.school.pk}).status_code == 403
    client.force_login(seeded.teacher)
    assert client.get(reverse("wheel:year")).status_code == 404


def _routine_post(**extra):
    data = {
        "topic": "Nærværsoppfølging",
        "written_by": "Rådgiver",
        "approved_by": "Lederteamet",
        "last_updated": "2026-11-01",
        "legal_basis": "9 A-4",
        "purpose": "Følge opp fravær fra dag 1",
        "audience": "Elever med fravær",
        "timing": "Fra første fraværsdag",
        "result": "Eleven kommer tilbake",
        "general_comments": "Revideres årlig",
        "external_references": "Udir.no",
        "act-TOTAL_FORMS": "3",
        "act-INITIAL_FORMS": "0",
        "act-MIN_NUM_FORMS": "0",
        "act-MAX_NUM_FORMS": "60",
        "act-0-activity": "Ring eleven",
        "act-0-owner": "Kontaktlærer",
        "act-0-collaboration": "Nærværsoppfølger",
        "act-0-comment": "Samme dag",
        "act-1-activity": "Møte med foresatte",
        "act-1-owner": "Kontaktlærer",
    }
    data.update(extra)
    return data


def test_routine_description_crud_and_pdf_labels(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("wheel:routine_create"), _routine_post())
    assert response.status_code == 302
    d = RoutineDescription.objects.get()
    assert [a.activity for a in d.activities.all()] == ["Ring eleven", "Møte med foresatte"]
    # edit: add a row, with the version seen
    data = _routine_post(version=str(d.version), topic="Nærvær", **{"act-2-activity": "Evaluere tiltak"})
    assert client.post(reverse("wheel:routine_edit", args=[d.pk]), data).status_code == 302
    d.refresh_from_db()
    assert d.topic == "Nærvær"
    assert d.activities.count() == 3
    assert d.version == 2
    # a stale version is refused with a message, nothing lost
    stale = client.post(reverse("wheel:routine_edit", args=[d.pk]), _routine_post(version="1", topic="X"))
    assert stale.status_code == 200
    assert "endret av noen andre" in stale.content.decode()
    assert client.get(reverse("wheel:routine_list")).status_code == 200
    pdf = client.get(reverse("wheel:routine_pdf", args=[d.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    for label in (
        "RUTINEBESKRIVELSE",
        "TEMA:",
        "Skrevet av:",
        "Godkjent av:",
        "Sist oppdatert:",
        "Sidenr:",
        "Formål og hjemmel",
        "Opplæringsloven §",
        "Målgruppe",
        "Tidspunkt for utførelse av prosedyren",
        "Hvilket resultat som skal oppnås",
        "Nr",
        "Aktiviteter og oppgaver",
        "Ansvarlig",
        "Nødvendig samarbeid",
        "Kommentar",
        "Generelle kommentarer:",
        "Eksterne referanser:",
        "Evaluere tiltak",
    ):
        assert label in text, label
    assert "Sidenr: 1 av 1" in text


def test_routine_description_access(client, world):
    d = RoutineDescription.objects.create(school=world.school, topic="Overgang", updated_by=world.lead)
    client.force_login(world.member)
    assert client.get(reverse("wheel:routine_detail", args=[d.pk])).status_code == 200
    assert client.get(reverse("wheel:routine_edit", args=[d.pk])).status_code == 403
    assert client.get(reverse("wheel:routine_create")).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("wheel:routine_detail", args=[d.pk])).status_code == 404
    assert client.get(reverse("wheel:routine_pdf", args=[d.pk])).status_code == 404
    assert client.get(reverse("wheel:routine_edit", args=[d.pk])).status_code == 404
