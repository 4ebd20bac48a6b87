"""The PDF documents: real PDFs with the seed forms' labels, the § 13 marking on every page,
need-to-know access, the access log, and anonymity without consent (rules 1, 3, 4, 8)."""

import pytest
from documents_pdf_helpers import pdf_pages, pdf_text

from laget.audit.models import AccessLogEntry

DOCS = ["referral_pdf", "invitation_pdf", "plan_pdf", "consent_pdf", "consent_blank_pdf"]
MARKING = "Unntatt offentlighet, jf. offentleglova § 13"

SEED_LABELS = {
    "referral_pdf": [
        "MELDING TIL RESSURSTEAM",
        "Navn på eleven",
        "Dato for oppmelding til ressursteam",
        "Innhentet samtykke fra foreldre til drøfting i ressursteam",
        "Hva er utfordringene?",
        "Lite utbytte av undervisningen",
        "Beskrivelse av eleven sosialt",
        "Beskrivelse av elevens arbeidsmåter",
        "Beskrivelse av kartlegging og observasjoner – resultat",
        "Beskrivelse av elevens sterke sider",
        "Kontaktlærers vurdering av utprøvde tiltak",
        "Læringsmiljøet i klassen",
        "Underskrift kontaktlærer",
        "Vedlegg",
        "Lesekurs i liten gruppe",
    ],
    "invitation_pdf": ["MØTEINNKALLING", "Systemarbeid", "Individarbeid", "Forberedes av", "Møterom 1", "12:00"],
    "plan_pdf": [
        "REFERAT og TILTAKSPLAN",
        "Etter drøfting i ressursteam ved Testvik barneskole",
        "Navn på elev",
        "F.dato",
        "Trinn",
        "Dato for drøfting",
        "Dato tiltak gjennomgått med foresatte",
        "Dato evaluering av tiltak",
        "Tilstede i ressursteam",
        "Forfall",
        "Referent",
        "Følgende problemstilling ble drøftet i teamet",
        "Annet som blir nevnt",
        "Hovedutfordring",
        "Hovedmål",
        "Avtalte tiltak",
        "Ansvar",
        "Tidsperspektiv/Evalueringsdato",
        "Lesetrening 3 x 20 min i uka",
        "Bedre flyt, fortsatt langsom",
    ],
    "consent_pdf": ["SAMTYKKESKJEMA", "Foresatt", "Gitt", "Drøfting i ressursteam", "Signert samtykkeskjema"],
    "consent_blank_pdf": [
        "SAMTYKKESKJEMA",
        "Drøfting i ressursteam",
        "Deling med PPT",
        "Deling med helsetjenesten",
        "Deling med barnevernet",
        "trekke",
        "Underskrift",
        "Sted og dato",
    ],
}


def squash(text: str) -> str:
    """Text extraction may break lines anywhere; compare without whitespace."""
    return "".join(text.split())


@pytest.mark.parametrize("doc", DOCS)
def test_document_is_a_pdf_with_the_seed_labels_and_the_marking_on_every_page(client, world, documents_for, doc):
    urls = documents_for(consent=True)
    client.force_login(world.lead)
    response = client.get(urls[doc])
    pages = pdf_pages(response)
    for i, page in enumerate(pages, start=1):
        assert squash(MARKING) in squash(page), f"page {i} lacks the § 13 marking"
        assert squash(f"Side {i} av {len(pages)}") in squash(page)
        assert "Testvik barneskole" in page
    text = squash("\n".join(pages))
    for label in SEED_LABELS[doc]:
        assert squash(label) in text, label


def test_long_referral_has_the_marking_on_every_page(client, world, case_factory):
    case = case_factory(consent=True)
    case.referral.social_description = "Lang beskrivelse av eleven. " * 400
    case.referral.save()
    client.force_login(world.lead)
    from django.urls import reverse

    pages = pdf_pages(client.get(reverse("documents:referral_pdf", args=[case.referral.pk])))
    assert len(pages) >= 3
    assert all(squash(MARKING) in squash(p) for p in pages)


@pytest.mark.parametrize("doc", ["referral_pdf", "invitation_pdf", "plan_pdf", "consent_pdf"])
def test_case_with_consent_is_named(client, world, documents_for, doc):
    urls = documents_for(consent=True)
    client.force_login(world.lead)
    assert "Ola Nordmann" in pdf_text(client.get(urls[doc]))


@pytest.mark.parametrize("doc", ["referral_pdf", "invitation_pdf", "plan_pdf", "consent_pdf"])
def test_case_without_consent_is_anonymous(client, world, documents_for, doc):
    urls = documents_for(consent=False)
    client.force_login(world.lead)
    text = pdf_text(client.get(urls[doc]))
    assert "Anonym sak 1 (5. trinn)" in text
    for word in ["Ola", "Nordmann", "Mona", "01.03.2015"]:
        assert word not in text, word


def test_plan_without_consent_leaves_birth_date_blank_but_keeps_grade(client, world, documents_for):
    urls = documents_for(consent=False)
    client.force_login(world.member)
    text = pdf_text(client.get(urls["plan_pdf"]))
    assert "01.03.2015" not in text
    assert "Trinn 5" in " ".join(text.split())


def test_withdrawn_consent_anonymises_again(client, world, case_factory):
    import datetime

    from django.urls import reverse

    from laget.cases.models import Consent, ConsentScope

    case = case_factory(consent=True)
    Consent.objects.create(
        case=case,
        guardian=world.guardian,
        status=Consent.Status.WITHDRAWN,
        scopes=[ConsentScope.TEAM],
        date=datetime.date(2026, 9, 10),
        recorded_by=world.lead,
    )
    client.force_login(world.lead)
    text = pdf_text(client.get(reverse("documents:consent_pdf", args=[case.pk])))
    assert squash("Trukket tilbake") in squash(text)
    assert "Ola" not in text
    assert "Mona" not in text
    assert "Foresatt 1" in text


def test_blank_consent_form_is_prefilled_for_the_lead_without_protected_contact_details(client, world, case_factory):
    from django.urls import reverse

    world.guardian2.protected_address = True
    world.guardian2.address = "Hemmeligveien 7"
    world.guardian2.save()
    case = case_factory(consent=False)
    client.force_login(world.lead)
    text = pdf_text(client.get(reverse("documents:consent_blank_pdf", args=[case.pk])))
    assert "Ola Nordmann" in text
    assert "Mona Nordmann" in text
    assert "mona@hjem.test" in text
    assert "Jon Nordmann" in text
    assert "Hemmeligveien" not in text
    assert "99999999" not in text


def test_blank_consent_form_is_not_prefilled_for_a_member_without_consent(client, world, case_factory):
    from django.urls import reverse

    case = case_factory(consent=False)
    client.force_login(world.member)
    text = pdf_text(client.get(reverse("documents:consent_blank_pdf", args=[case.pk])))
    assert "Ola" not in text
    assert "Mona" not in text
    assert "Foresatt 2" in text


@pytest.mark.parametrize("doc", ["consent_pdf", "consent_blank_pdf", "invitation_pdf", "referral_pdf", "plan_pdf"])
def test_protected_address_is_never_printed(client, world, documents_for, doc):
    world.guardian2.protected_address = True
    world.guardian2.address = "Hemmeligveien 7"
    world.guardian2.save()
    urls = documents_for(consent=True)
    client.force_login(world.lead)
    text = pdf_text(client.get(urls[doc]))
    assert "Hemmeligveien" not in text
    assert "99999999" not in text


@pytest.mark.parametrize("doc", DOCS)
def test_health_notes_are_never_printed(client, world, documents_for, doc):
    urls = documents_for(consent=True)
    client.force_login(world.nurse)  # even the nurse's own notes stay out of documents
    assert "HEMMELIG" not in pdf_text(client.get(urls[doc]))


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize(("who", "status"), [("lead", 200), ("member", 200), ("outsider", 404)])
def test_access(client, world, documents_for, doc, who, status):
    urls = documents_for(consent=True)
    client.force_login(getattr(world, who))
    assert client.get(urls[doc]).status_code == status


def test_meeting_documents_are_for_the_team_only(client, world, documents_for):
    urls = documents_for(consent=True)
    client.force_login(world.teacher)  # contact teacher and author, not on the team
    assert client.get(urls["invitation_pdf"]).status_code == 404
    assert client.get(urls["referral_pdf"]).status_code == 200


def test_other_contact_teacher_sees_nothing(client, world, documents_for):
    urls = documents_for(consent=True)
    client.force_login(world.other_teacher)
    for doc in DOCS:
        assert client.get(urls[doc]).status_code == 404, doc


@pytest.mark.parametrize(
    ("doc", "action"),
    [
        ("referral_pdf", "referral.pdf"),
        ("invitation_pdf", "invitation.pdf"),
        ("plan_pdf", "plan.pdf"),
        ("consent_pdf", "consent.pdf"),
        ("consent_blank_pdf", "consent.blank_pdf"),
    ],
)
def test_each_download_is_logged(client, world, documents_for, doc, action):
    urls = documents_for(consent=True)
    client.force_login(world.member)
    before = AccessLogEntry.objects.filter(action=action, user_id=world.member.pk).count()
    client.get(urls[doc])
    client.get(urls[doc])
    rows = AccessLogEntry.objects.filter(action=action, user_id=world.member.pk)
    assert rows.count() - before >= 2
    assert rows.filter(school_id=world.school.pk, student_id=world.student.pk).exists()


def test_outsider_leaves_no_log_row(client, world, documents_for):
    urls = documents_for(consent=True)
    client.force_login(world.outsider)
    for doc in DOCS:
        client.get(urls[doc])
    assert not AccessLogEntry.objects.filter(user_id=world.outsider.pk).exists()


@pytest.mark.parametrize("doc", DOCS)
def test_download_is_an_attachment_without_the_students_name(client, world, documents_for, doc):
    urls = documents_for(consent=True)
    client.force_login(world.lead)
    response = client.get(urls[doc])
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert disposition.endswith('.pdf"')
    assert "Ola" not in disposition
    assert "Nordmann" not in disposition


def test_names_in_free_text_are_blanked_when_anonymous(client, world, documents_for):
    urls = documents_for(consent=False)  # the social description mentions "Ola"
    client.force_login(world.lead)
    text = pdf_text(client.get(urls["referral_pdf"]))
    assert "trekker seg unna" in text
    assert "[navn]" in text
    assert "Ola" not in text


def test_anonymous_and_named_cases_side_by_side_on_the_invitation(client, world, case_factory, meeting_with):
    from django.urls import reverse

    named = case_factory(consent=True)
    anonymous = case_factory(student=world.student2)
    meeting = meeting_with(named, anonymous)
    client.force_login(world.member)
    text = pdf_text(client.get(reverse("documents:invitation_pdf", args=[meeting.pk])))
    assert "Ola Nordmann" in text
    assert "Anonym sak 2 (6. trinn)" in text
    assert "Kari" not in text
    assert "Hansen" not in text
    # The named student is logged as shown; the anonymous one is not.
    logged = set(AccessLogEntry.objects.filter(action="invitation.pdf").values_list("student_id", flat=True))
    assert world.student.pk in logged
    assert world.student2.pk not in logged


def test_system_referral_shows_the_topic(client, world, case_factory):
    from django.urls import reverse

    from laget.cases.models import Kind

    case = case_factory(kind=Kind.SYSTEM, title="Uro i friminuttene på mellomtrinnet", author=world.member)
    client.force_login(world.lead)
    text = pdf_text(client.get(reverse("documents:referral_pdf", args=[case.referral.pk])))
    assert "Uro i friminuttene på mellomtrinnet" in text
    assert "Hva er utfordringene?" not in text


def test_draft_referral_is_for_its_author_only_and_anonymous(client, world):
    import datetime

    from django.urls import reverse

    from laget.cases.models import Referral

    draft = Referral.objects.create(
        school=world.school,
        student=world.student,
        author=world.teacher,
        challenges=["urolig"],
        referral_date=datetime.date(2026, 11, 20),
    )
    url = reverse("documents:referral_pdf", args=[draft.pk])
    client.force_login(world.lead)
    assert client.get(url).status_code == 404
    client.force_login(world.teacher)
    text = pdf_text(client.get(url))
    assert "Anonym elev (5. trinn)" in text
    assert "Ola" not in text
