"""The referral pages: Mine meldinger, the seed-000 form, drafts, submit, attachments."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laget.audit.models import AccessLogEntry
from laget.cases.models import Attachment, Case, Referral
from laget.cases.services import referral_save_draft
from laget.organisations.access import Access


def _post(student=None, **extra):
    data = {
        "version": "",
        "referral_date": "2026-11-20",
        "first_concern_date": "2026-10-01",
        "challenge_other": "",
        "social_description": "",
        "working_methods": "",
        "mapping_results": "",
        "strengths": "",
        "learning_environment": "",
        "tiltak-TOTAL_FORMS": "1",
        "tiltak-INITIAL_FORMS": "0",
        "tiltak-MIN_NUM_FORMS": "0",
        "tiltak-MAX_NUM_FORMS": "50",
        "tiltak-0-measure": "",
        "tiltak-0-period": "",
        "tiltak-0-assessment": "",
        "student": student.pk if student else "",
    }
    data.update(extra)
    return data


def test_referral_form_has_every_field_of_the_seed_form(client, world):
    client.force_login(world.teacher)
    html = client.get(reverse("cases:referral_create")).content.decode()
    for text in (
        "Navn på eleven",
        "Dato for oppmelding til ressursteam",
        "Fagvansker",
        "Lite utbytte av undervisningen",
        "Passiv / stille",
        "Samspillsvansker",
        "Oppførsel",
        "Annet",
        "Beskrivelse av eleven sosialt",
        "Beskrivelse av elevens arbeidsmåter",
        "Beskrivelse av kartlegging og observasjoner – resultat",
        "Beskrivelse av elevens sterke sider",
        "Tidsrom",
        "Kontaktlærers vurdering av utprøvde tiltak",
        "Læringsmiljøet i klassen",
        "Legg til rad",
        'id="tiltak-empty"',
        "drøftes saken anonymt",
        "Lise Lærer",  # signature = the logged-in author
        "Lagre utkast",
        "Send til ressursteamet",
    ):
        assert text in html, text
    assert "Ola Nordmann" in html
    assert "Kari Hansen" not in html


def test_system_topic_form_asks_for_topic_not_student(client, world):
    client.force_login(world.teacher)
    html = client.get(reverse("cases:referral_create") + "?type=system").content.decode()
    assert "Beskrivelse av temaet" in html
    assert "Navn på eleven" not in html


def test_save_draft_keeps_partial_input(client, world):
    client.force_login(world.teacher)
    response = client.post(reverse("cases:referral_create"), _post(strengths="God i matte", save="1"))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:referral_edit", args=[referral.pk])
    assert referral.status == Referral.Status.DRAFT
    assert referral.strengths == "God i matte"
    html = client.get(response["Location"]).content.decode()
    assert "God i matte" in html


def test_submit_with_errors_keeps_everything_typed_and_explains_in_norwegian(client, world):
    client.force_login(world.teacher)
    response = client.post(
        reverse("cases:referral_create"),
        _post(learning_environment="Urolig klasse etter jul", **{"tiltak-0-period": "uke 2–6"}, submit="1"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Velg hvilken elev meldingen gjelder." in html
    assert "Kryss av for minst én utfordring" in html
    assert "Hver rad i tabellen over utprøvde tiltak" in html
    assert "Urolig klasse etter jul" in html
    assert "uke 2–6" in html
    assert not Case.objects.exists()
    assert not Referral.objects.exists()  # a refused send of a new referral leaves no draft behind


def test_submit_opens_case_with_measures_and_attachments(client, world):
    client.force_login(world.teacher)
    data = _post(
        world.student,
        challenges=["lesevansker", "konsentrasjon"],
        mapping_results="Kartleggeren: under bekymringsgrensen",
        **{"tiltak-0-measure": "Lesekurs", "tiltak-0-period": "uke 34–40", "tiltak-0-assessment": "Litt bedre"},
        submit="1",
    )
    data["attachments"] = [
        SimpleUploadedFile("nasjonale-prover.pdf", b"%PDF-1.4 a"),
        SimpleUploadedFile("kartleggeren.pdf", b"%PDF-1.4 b"),
    ]
    response = client.post(reverse("cases:referral_create"), data)
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert case.first_concern_date.isoformat() == "2026-10-01"
    assert case.referral.tried_measures.get().measure == "Lesekurs"
    assert set(Attachment.objects.values_list("name", flat=True)) == {"nasjonale-prover.pdf", "kartleggeren.pdf"}
    assert set(Attachment.objects.values_list("case_id", flat=True)) == {case.pk}


@override_settings(MAX_ATTACHMENT_BYTES=5)
def test_too_large_attachment_gets_a_message_and_nothing_is_lost(client, world):
    client.force_login(world.teacher)
    data = _post(world.student, strengths="Hjelpsom", save="1")
    data["attachments"] = [SimpleUploadedFile("stor.pdf", b"123456789")]
    html = client.post(reverse("cases:referral_create"), data).content.decode()
    assert "For stor fil: stor.pdf" in html
    assert "Hjelpsom" in html
    assert not Referral.objects.exists()


def test_concurrent_edit_of_draft_is_refused_in_the_form(client, world):
    referral = referral_save_draft(access=Access(world.teacher), school=world.school, data={"strengths": "Først"})
    seen = referral.version
    referral_save_draft(
        access=Access(world.teacher), school=world.school, referral=referral, data={"strengths": "Fra fane 2"}
    )
    client.force_login(world.teacher)
    url = reverse("cases:referral_edit", args=[referral.pk])
    html = client.post(url, _post(version=str(seen), strengths="Fra fane 1", save="1")).content.decode()
    assert "endret av noen andre" in html
    assert "Fra fane 1" in html
    referral.refresh_from_db()
    assert referral.strengths == "Fra fane 2"


def test_another_users_draft_does_not_exist(client, world):
    referral = referral_save_draft(access=Access(world.teacher), school=world.school, data={})
    for user in (world.lead, world.outsider):
        client.force_login(user)
        assert client.get(reverse("cases:referral_edit", args=[referral.pk])).status_code == 404


def test_referral_list_shows_own_referrals_with_case_link(client, world, case_factory):
    case = case_factory(author=world.teacher)
    referral_save_draft(access=Access(world.other_teacher), school=world.school, data={"strengths": "x"})
    client.force_login(world.teacher)
    html = client.get(reverse("cases:referral_list")).content.decode()
    assert "Ny melding (elev)" in html
    assert "Nytt systemtema" in html
    assert reverse("cases:case_detail", args=[case.pk]) in html
    assert html.count("<tr>") == 2  # header + own referral only
    assert AccessLogEntry.objects.filter(action="referral.list", user_id=world.teacher.pk).exists()


def test_referral_list_query_count_is_flat(client, world, case_factory, django_assert_max_num_queries):
    client.force_login(world.teacher)
    case_factory(author=world.teacher)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:referral_list"))
    for _ in range(6):
        case_factory(author=world.teacher)
        referral_save_draft(access=Access(world.teacher), school=world.school, data={"student": world.student})
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("cases:referral_list"))
    assert response.content.decode().count("<tr>") == 14


def test_attachment_download_is_access_checked_and_logged(client, world):
    client.force_login(world.teacher)
    data = _post(world.student, strengths="x", submit="1")
    data["attachments"] = [SimpleUploadedFile("skriveprove.pdf", b"%PDF-1.4 c")]
    client.post(reverse("cases:referral_create"), data)
    url = reverse("cases:attachment_download", args=[Attachment.objects.get().pk])
    for user, status in ((world.teacher, 200), (world.member, 200), (world.outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    assert AccessLogEntry.objects.filter(action="attachment.download", user_id=world.member.pk).exists()
