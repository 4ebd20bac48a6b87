"""The case list and case page, seen from lead, member, nurse, teacher and outsider."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laget.audit.models import AccessLogEntry
from laget.cases.disclosure import has_consent
from laget.cases.models import Case, Consent
from laget.cases.services import healthnote_add
from laget.organisations.access import Access


@pytest.mark.parametrize(
    ("who", "status"),
    [("lead", 200), ("member", 200), ("nurse", 200), ("teacher", 200), ("other_teacher", 404), ("outsider", 404)],
)
def test_case_page_permissions(client, world, case_factory, who, status):
    case = case_factory()
    client.force_login(getattr(world, who))
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == status


def test_case_page_writes_access_log(client, world, case_factory):
    case = case_factory()
    client.force_login(world.member)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    entry = AccessLogEntry.objects.get(action="case.view")
    assert (entry.user_id, entry.student_id, entry.school_id) == (world.member.pk, world.student.pk, world.school.pk)


def test_case_page_shows_referral_links_and_sections(client, world, case_factory):
    case = case_factory()
    client.force_login(world.lead)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    for text in (
        "Lesevansker",
        "Ingen gyldig samtykke",
        "Registrer samtykke",
        reverse("documents:referral_pdf", args=[case.referral.pk]),
        reverse("documents:consent_pdf", args=[case.pk]),
        reverse("documents:consent_blank_pdf", args=[case.pk]),
        reverse("plans:plan_create", args=[case.pk]),
        "Tidslinje",
        "Avslutt saken",
    ):
        assert text in html, text


def test_case_page_reads_top_down_overdue_tasks_first_history_and_closing_last(client, world, case_factory):
    import datetime

    from laget.meetings.models import Task

    case = case_factory()
    Task.objects.create(
        school=world.school,
        team=world.team,
        case=case,
        title="Ringe foresatte",
        owner=world.member,
        deadline=datetime.date(2020, 1, 1),
        created_by=world.lead,
    )
    client.force_login(world.lead)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    order = [html.index(marker) for marker in ('id="tasks-heading"', 'id="facts-heading"', 'id="timeline-heading"')]
    assert order == sorted(order)
    assert "01.01.2020 (forfalt)" in html  # overdue in words, not by colour alone
    assert html.index('id="timeline-heading"') < html.index('id="avslutt"')  # closing is a rare action, last
    assert '<details class="laget-disclosure" id="avslutt"' in html
    # Saksområde is shown once as a fact; the setting sits behind its own disclosure.
    assert html.index('<details class="laget-disclosure" id="saksomrade"') < html.index('name="area"')


def test_each_case_setting_is_saved_by_its_own_button(client, world, case_factory):
    case = case_factory()
    case.retain_reason = "IOP skal arkiveres"
    case.save()
    client.force_login(world.lead)
    url = reverse("cases:case_area", args=[case.pk])
    client.post(url, {"save": "area", "area": "kap12"})
    case.refresh_from_db()
    assert (case.area, case.retain_reason) == ("kap12", "IOP skal arkiveres")  # the reason untouched
    client.post(url, {"save": "retain", "retain_reason": "Enkeltvedtak"})
    case.refresh_from_db()
    assert (case.area, case.retain_reason) == ("kap12", "Enkeltvedtak")  # the area untouched


def test_member_sees_anonymous_case_without_names(client, world, case_factory):
    case = case_factory()
    Consent.objects.create(
        case=case,
        guardian=world.guardian,
        status=Consent.Status.REFUSED,
        scopes=["team"],
        date=case.first_concern_date,
        recorded_by=world.teacher,
    )
    client.force_login(world.member)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert f"Anonym sak {case.number} (5. trinn)" in html
    for name in ("Ola", "Nordmann", "Mona"):
        assert name not in html
    assert "Registrer samtykke" not in html
    assert "Avslutt saken" not in html


def test_lead_sees_identity_without_consent(client, world, case_factory):
    case = case_factory()
    client.force_login(world.lead)
    assert "Ola Nordmann" in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()


def test_health_notes_absent_from_html_for_pp_radgiver(client, world, case_factory):
    case = case_factory(consent=True)
    healthnote_add(access=Access(world.nurse), case=case, text="HEMMELIG-HELSENOTAT")
    client.force_login(world.member)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "HEMMELIG-HELSENOTAT" not in html
    assert "Skjermet notat lagt til" not in html  # the restricted timeline entry too
    assert "helsenotater" not in html
    client.force_login(world.nurse)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "HEMMELIG-HELSENOTAT" in html
    assert "Skjermet notat lagt til" in html
    assert AccessLogEntry.objects.filter(action="healthnote.view", user_id=world.nurse.pk).exists()


def test_nurse_adds_health_note_and_member_cannot(client, world, case_factory):
    case = case_factory()
    url = reverse("cases:healthnote_add", args=[case.pk])
    client.force_login(world.member)
    assert client.post(url, {"text": "Nei"}).status_code == 404
    client.force_login(world.nurse)
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Samtale med elev"}).status_code == 302
    assert case.health_notes.get().text == "Samtale med elev"


def test_contact_teacher_records_consent_and_case_becomes_named(client, world, case_factory):
    case = case_factory(author=world.lead)
    client.force_login(world.teacher)
    url = reverse("cases:consent_record", args=[case.pk])
    html = client.get(url).content.decode()
    assert "Mona Nordmann" in html
    assert "Drøfting i ressursteam" in html
    response = client.post(
        url,
        {
            "guardians": [world.guardian.pk, world.guardian2.pk],
            "status": "given",
            "scopes": ["team", "ppt"],
            "date": case.first_concern_date.isoformat(),
            "method": "signed_form",
            "expires_on": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert case.consents.count() == 2
    assert has_consent(case)
    assert AccessLogEntry.objects.filter(action="consent.record", user_id=world.teacher.pk).exists()


def test_consent_form_errors_are_norwegian_and_keep_input(client, world, case_factory):
    case = case_factory()
    client.force_login(world.lead)
    html = client.post(
        reverse("cases:consent_record", args=[case.pk]),
        {"status": "given", "date": "2026-09-01", "method": "phone", "note": "Ringte mor"},
    ).content.decode()
    assert "Velg hvilken foresatt samtykket gjelder." in html
    assert "Ringte mor" in html
    assert not case.consents.exists()


@pytest.mark.parametrize("who", ["member", "nurse", "other_teacher", "outsider"])
def test_others_cannot_record_consent(client, world, case_factory, who):
    case = case_factory()
    client.force_login(getattr(world, who))
    assert client.get(reverse("cases:consent_record", args=[case.pk])).status_code == 404


def test_lead_closes_case_and_member_cannot(client, world, case_factory):
    case = case_factory()
    url = reverse("cases:case_close", args=[case.pk])
    client.force_login(world.member)
    assert client.post(url, {"outcome": "resolved"}).status_code == 404
    client.force_login(world.lead)
    response = client.post(url, {"outcome": "", "note": "Ferdig"})
    assert response.status_code == 400
    assert "Velg utfall for saken." in response.content.decode()
    assert client.post(url, {"outcome": "resolved", "note": "Ferdig"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.outcome_note == "Ferdig"


def test_case_list_shows_visible_cases_with_consent_state(client, world, case_factory):
    anonymous = case_factory()
    named = case_factory(student=world.student2, author=world.other_teacher, consent=True)
    client.force_login(world.member)
    html = client.get(reverse("cases:case_list")).content.decode()
    assert f"Anonym sak {anonymous.number} (5. trinn)" in html
    assert "Kari Hansen (6A)" in html
    assert "Navngitt" in html
    assert "Anonym" in html
    assert "Ola" not in html
    assert reverse("cases:case_detail", args=[named.pk]) in html


def test_case_list_filters_open_and_closed(client, world, case_factory):
    case_factory(title="Åpen sak")
    closed = case_factory(student=world.student2)
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    client.force_login(world.lead)
    open_html = client.get(reverse("cases:case_list")).content.decode()
    closed_html = client.get(reverse("cases:case_list") + "?status=closed").content.decode()
    assert "Ola Nordmann" in open_html
    assert "Kari Hansen" not in open_html
    assert "Kari Hansen" in closed_html
    assert "Ola Nordmann" not in closed_html


def test_outsider_case_list_is_empty(client, world, case_factory):
    case_factory()
    client.force_login(world.outsider)
    assert "Ingen saker å vise." in client.get(reverse("cases:case_list")).content.decode()


def test_case_list_query_count_is_flat(client, world, case_factory, django_assert_max_num_queries):
    client.force_login(world.member)
    case_factory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:case_list"))
    for i in range(8):
        case_factory(student=world.student2 if i % 2 else world.student, consent=bool(i % 3))
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("cases:case_list"))
    assert response.content.decode().count("<tr>") == 10
