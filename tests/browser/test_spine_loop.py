"""The whole loop through the real UI: referral → consent → meeting and invitation →
attendance, minutes and task → action plan → PDF → approved minutes.

Only the browser writes; the ORM is used to read results for the assertions.
"""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from laget.cases.disclosure import has_consent
from laget.cases.models import ActionPlan, Case, Referral
from laget.meetings.models import Meeting, Task

pytestmark = pytest.mark.browser


def shot(page, screenshot_dir, name):
    page.screenshot(path=str(screenshot_dir / name), full_page=True)


def select_option_containing(page, selector, text):
    """Select the option of a <select> whose label contains `text` (labels carry extra context)."""
    value = page.locator(f"{selector} option", has_text=text).first.get_attribute("value")
    page.select_option(selector, value=value)


@pytest.mark.django_db(transaction=True)
def test_referral_to_approved_minutes_through_the_ui(world, page_for, live_server, screenshot_dir):
    url = live_server.url
    today = timezone.localdate()
    meeting_day = today  # started on its day (a meeting has a life)
    evaluation_day = today + datetime.timedelta(days=42)

    # 1. The contact teacher writes and sends a referral.
    teacher = page_for(world.teacher)
    teacher.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Meldinger").click()
    teacher.wait_for_url(f"{url}/meldinger/")
    teacher.get_by_role("link", name="Ny melding (elev)").click()
    teacher.wait_for_url(f"{url}/meldinger/ny/")
    select_option_containing(teacher, "#id_student", "Ola Nordmann")
    # The form no longer fills the first-concern date: sending needs it (first concern ≤ referral date).
    teacher.fill("#id_first_concern_date", (today - datetime.timedelta(days=30)).isoformat())
    teacher.get_by_label("Lesevansker").check()
    teacher.get_by_label("Konsentrasjon").check()
    teacher.fill("#id_social_description", "Ola er godt likt, men trekker seg unna i friminuttene.")
    teacher.fill("#id_working_methods", "Stasjonsundervisning og mye tavleundervisning.")
    teacher.fill("#id_mapping_results", "Under bekymringsgrensen på Kartleggeren i lesing.")
    teacher.fill("#id_strengths", "Flink i matematikk og god til å tegne.")
    teacher.fill("#id_tiltak-0-measure", "Lesekurs i liten gruppe")
    teacher.fill("#id_tiltak-0-period", "Uke 34–40")
    teacher.fill("#id_tiltak-0-assessment", "Litt bedre leseflyt.")
    teacher.get_by_role("button", name="Legg til rad").click()
    expect(teacher.locator("#id_tiltak-1-measure")).to_be_visible()
    teacher.fill("#id_tiltak-1-measure", "Fast plass nær tavla")
    teacher.fill("#id_tiltak-1-period", "Hele høsten")
    teacher.fill("#id_tiltak-1-assessment", "Ingen tydelig effekt.")
    teacher.fill("#id_learning_environment", "Klassen er urolig etter storefri.")
    shot(teacher, screenshot_dir, "01-melding.png")
    teacher.get_by_role("button", name="Send til ressursteamet").click()
    teacher.wait_for_url(re.compile(rf"{re.escape(url)}/saker/\d+/$"))
    expect(teacher.get_by_text("Meldingen er sendt til ressursteamet.")).to_be_visible()

    referral = Referral.objects.get(student=world.student)
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.challenges == ["lesevansker", "konsentrasjon"]
    assert referral.tried_measures.count() == 2
    case = Case.objects.get(pk=referral.case_id)
    assert case.student_id == world.student.pk
    assert teacher.url == f"{url}/saker/{case.pk}/"
    assert not has_consent(case)
    expect(teacher.get_by_role("link", name="Lag tiltaksplan")).to_have_count(0)  # plans are the team's
    shot(teacher, screenshot_dir, "02-sak.png")

    # 2. The author records the guardian's consent.
    teacher.get_by_role("link", name="Registrer samtykke").click()
    teacher.wait_for_url(f"{url}/saker/{case.pk}/samtykke/")
    teacher.get_by_label("Mona Nordmann").check()
    teacher.locator("input[name=status][value=given]").check()
    expect(teacher.get_by_label("Drøfting i ressursteam")).to_be_checked()  # the default scope
    teacher.fill("#id_date", today.isoformat())
    teacher.select_option("#id_method", value="signed_form")
    shot(teacher, screenshot_dir, "03-samtykke.png")
    teacher.get_by_role("button", name="Lagre samtykke").click()
    teacher.wait_for_url(f"{url}/saker/{case.pk}/")
    expect(teacher.get_by_text("Gyldig samtykke til drøfting i ressursteamet")).to_be_visible()
    assert has_consent(Case.objects.get(pk=case.pk))

    # 3. The lead creates a meeting, fills the agenda and sends the invitation.
    lead = page_for(world.lead)
    lead.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Møter").click()
    lead.wait_for_url(f"{url}/moter/")
    lead.get_by_role("link", name="Nytt møte").click()
    lead.wait_for_url(f"{url}/moter/nytt/")
    lead.fill("#id_date", meeting_day.isoformat())
    lead.fill("#id_time", "23:00")
    lead.fill("#id_duration_minutes", "90")
    lead.get_by_role("button", name="Opprett møte").click()
    lead.wait_for_url(re.compile(rf"{re.escape(url)}/moter/\d+/$"))
    meeting = Meeting.objects.get(team=world.team)
    assert timezone.localtime(meeting.starts_at).date() == meeting_day

    lead.locator("summary", has_text="Legg til punkt på sakslisten").click()
    lead.select_option("#id_part", value="1")
    lead.fill("#id_title", "Uro i overgangene i 5. trinn")
    lead.select_option("#id_preparer", label="Per Pedersen")
    lead.fill("#id_minutes", "20")
    lead.get_by_role("button", name="Legg til", exact=True).click()
    lead.wait_for_url(re.compile(rf"{re.escape(url)}/moter/{meeting.pk}/"))
    expect(lead.locator("#del-1")).to_contain_text("Uro i overgangene i 5. trinn")

    lead.locator("summary", has_text="Legg til punkt på sakslisten").click()
    lead.select_option("#id_part", value="2")
    select_option_containing(lead, "#id_case", "Ola Nordmann")
    lead.fill("#id_minutes", "25")
    lead.get_by_role("button", name="Legg til", exact=True).click()
    lead.wait_for_url(re.compile(rf"{re.escape(url)}/moter/{meeting.pk}/"))
    expect(lead.locator("#del-2")).to_contain_text("Ola Nordmann")
    expect(lead.locator("#del-1-h")).to_contain_text("Systemarbeid")
    expect(lead.locator("#del-2-h")).to_contain_text("Individarbeid")

    mail.outbox.clear()
    lead.get_by_role("button", name="Send innkalling").click()
    expect(lead.get_by_text("Innkallingen sendes nå til teamet.")).to_be_visible()
    shot(lead, screenshot_dir, "04-agenda.png")
    recipients = sorted(addr for m in mail.outbox for addr in m.to)
    # The team, and the contact teacher who referred the case (invited to that item only).
    team_addresses = sorted(u.email for u in (world.lead, world.member, world.nurse, world.teacher))
    assert recipients == team_addresses
    for message in mail.outbox:
        assert any(name.endswith(".ics") for name, _content, _type in message.attachments), message.to
        assert "Ola Nordmann" in message.body  # consent is valid
    to_teacher = next(m for m in mail.outbox if m.to == [world.teacher.email])
    assert "Uro i overgangene" not in to_teacher.body  # the team's system work is not the teacher's

    # 4. The lead starts the meeting; attendance, notes on the case item, a task.
    lead.get_by_role("button", name="Start møtet").click()
    lead.wait_for_url(f"{url}/moter/{meeting.pk}/oppmote/")
    lead.locator(f"input[name=status_{world.teacher.pk}][value=present]").check()
    lead.locator(f"input[name=status_{world.lead.pk}][value=present]").check()
    lead.locator(f"input[name=status_{world.member.pk}][value=present]").check()
    lead.locator(f"input[name=status_{world.nurse.pk}][value=absent]").check()
    lead.locator(f"input[name=referent][value='{world.member.pk}']").check()
    lead.get_by_role("button", name="Lagre oppmøte").click()
    lead.wait_for_url(f"{url}/moter/{meeting.pk}/referat/")
    head = lead.locator(".laget-minutes-head")
    expect(head).to_contain_text("Per Pedersen (referent)")
    expect(head).to_contain_text("Hanne Helse")

    case_item = meeting.items.get(case=case)
    notes = lead.locator(f"#notes-{case_item.pk}")
    notes.fill("Teamet drøftet lesing og konsentrasjon. PP-rådgiver observerer i klassen.")
    notes.press("Tab")  # the change event triggers the autosave
    expect(lead.locator(f"#notes-status-{case_item.pk}")).to_contain_text("Lagret kl.")
    case_item.refresh_from_db()
    assert "PP-rådgiver observerer" in case_item.notes

    item_card = lead.locator(f"#punkt-{case_item.pk}")
    item_card.locator("summary", has_text="Ny oppgave").click()
    lead.fill(f"#id_task-{case_item.pk}-title", "Observere Ola i norsktimene")
    lead.select_option(f"#id_task-{case_item.pk}-owner", label="Per Pedersen")
    lead.fill(f"#id_task-{case_item.pk}-deadline", (meeting_day + datetime.timedelta(days=14)).isoformat())
    item_card.get_by_role("button", name="Legg til oppgave").click()
    lead.wait_for_url(re.compile(rf"{re.escape(url)}/moter/{meeting.pk}/referat/"))
    expect(lead.locator(f"#punkt-{case_item.pk}")).to_contain_text("Observere Ola i norsktimene – Per Pedersen")
    task = Task.objects.get(title="Observere Ola i norsktimene")
    assert task.owner_id == world.member.pk
    shot(lead, screenshot_dir, "05-referat.png")

    # 5. The action plan from the minutes.
    lead.locator(f"#punkt-{case_item.pk}").get_by_role("link", name="Lag tiltaksplan").click()
    lead.wait_for_url(re.compile(rf"{re.escape(url)}/saker/{case.pk}/tiltaksplan/ny/"))
    lead.fill("#id_main_challenge", "Svak leseflyt og kort konsentrasjonsspenn.")
    lead.fill("#id_main_goal", "Ola leser aldersadekvate tekster med forståelse innen jul.")
    lead.fill("#id_tiltak-0-description", "Intensiv lesetrening 3 x 20 min i uka")
    lead.select_option("#id_tiltak-0-owner", label="Lise Lærer")
    lead.fill("#id_tiltak-0-evaluation_date", evaluation_day.isoformat())
    lead.get_by_role("button", name="Legg til tiltak").click()
    expect(lead.locator("#id_tiltak-1-description")).to_be_visible()
    lead.fill("#id_tiltak-1-description", "Pauser med bevegelse hver halvtime")
    lead.select_option("#id_tiltak-1-owner", label="Per Pedersen")
    lead.fill("#id_tiltak-1-evaluation_date", evaluation_day.isoformat())
    lead.get_by_role("button", name="Lagre tiltaksplan").click()
    lead.wait_for_url(re.compile(rf"{re.escape(url)}/tiltaksplaner/\d+/$"))
    plan = ActionPlan.objects.get(case=case)
    assert plan.measures.count() == 2
    assert sorted(plan.measures.values_list("owner_id", flat=True)) == sorted([world.teacher.pk, world.member.pk])
    expect(lead.get_by_role("table")).to_contain_text("Intensiv lesetrening")
    shot(lead, screenshot_dir, "06-tiltaksplan.png")

    # 6. The PDF of the plan.
    from pypdf import PdfReader

    with lead.expect_download() as download_info:
        lead.get_by_role("link", name="Last ned PDF").click()
    pdf_path = download_info.value.path()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    flat = " ".join(text.split())
    for label in (
        "REFERAT og TILTAKSPLAN",
        "Hovedutfordring",
        "Hovedmål",
        "Avtalte tiltak",
        "Ansvar",
        "Unntatt offentlighet",
        "Ola Nordmann",
    ):
        assert label in flat, f"{label!r} missing from the plan PDF"

    # 7. The lead approves the minutes.
    lead.goto(f"{url}/moter/{meeting.pk}/referat/")
    lead.get_by_role("button", name="Godkjenn referatet").click()
    expect(lead.get_by_text("Godkjenne referatet?")).to_be_visible()  # asked first: it cannot be undone
    lead.get_by_role("button", name="Godkjenn referatet").click()
    expect(lead.get_by_text("Referatet er godkjent og låst.")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.is_locked
    shot(lead, screenshot_dir, "07-godkjent.png")

    # The teacher's own page now shows the measure she owns.
    teacher.goto(f"{url}/")
    expect(teacher.locator("main")).to_contain_text("Intensiv lesetrening")
    shot(teacher, screenshot_dir, "08-min-side.png")
