"""Sending a referral: a system topic can be sent, every missing thing is reported at once and marked
on the form, a refused send leaves no draft, drafts can be deleted, and the dates make sense."""

import datetime

from django.urls import reverse
from django.utils import timezone
from test_referral_views import _post

from laget.cases.models import Case, Referral
from laget.cases.services import referral_save_draft
from laget.organisations.access import Access


def _system_post(**extra):
    # Exactly the fields the system-topic form renders: no table of tried measures.
    data = {
        "version": "",
        "title": "",
        "referral_date": "2026-11-20",
        "first_concern_date": "",
        "learning_environment": "",
    }
    data.update(extra)
    return data


def test_system_topic_can_be_sent_from_its_form(client, world):
    client.force_login(world.teacher)
    url = reverse("cases:referral_create") + "?type=system"
    response = client.post(url, _system_post(title="Uro i friminuttene", learning_environment="Mye uro", submit="1"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert case.kind == "system"
    assert case.title == "Uro i friminuttene"
    assert case.first_concern_date == datetime.date(2026, 11, 20)  # empty first concern = the topic's date


def test_system_topic_draft_can_be_saved_from_its_form(client, world):
    client.force_login(world.teacher)
    url = reverse("cases:referral_create") + "?type=system"
    response = client.post(url, _system_post(title="Skolemiljø", save="1"))
    referral = Referral.objects.get()
    assert response["Location"] == reverse("cases:referral_edit", args=[referral.pk])
    assert referral.title == "Skolemiljø"


def test_referral_form_marks_what_must_be_filled_in_to_send(client, world):
    client.force_login(world.teacher)
    html = client.get(reverse("cases:referral_create")).content.decode()
    assert html.count("må fylles ut før du sender") >= 4  # student, both dates, the explanation
    assert 'name="student" class="ds-input" aria-required="true"' in html or 'aria-required="true"' in html
    html = client.get(reverse("cases:referral_create") + "?type=system").content.decode()
    assert html.count("må fylles ut før du sender") >= 4  # title, referral date, description, explanation


def test_every_missing_thing_is_reported_at_once(client, world):
    client.force_login(world.teacher)
    data = _post(submit="1", referral_date="ikke en dato", first_concern_date="")
    html = client.post(reverse("cases:referral_create"), data).content.decode()
    assert "Oppgi en gyldig dato" in html or "gyldig dato" in html
    assert "Velg hvilken elev meldingen gjelder." in html
    assert "Kryss av for minst én utfordring" in html
    assert "Skriv når du først ble bekymret" in html


def test_refused_sends_leave_no_drafts(client, world):
    client.force_login(world.teacher)
    for _ in range(3):
        response = client.post(reverse("cases:referral_create"), _post(strengths="Blid", submit="1"))
        assert "Velg hvilken elev meldingen gjelder." in response.content.decode()
        assert "Blid" in response.content.decode()
    assert not Referral.objects.exists()
    assert not Case.objects.exists()


def test_refused_send_of_a_draft_keeps_the_draft_with_what_was_typed(client, world):
    referral = referral_save_draft(access=Access(world.teacher), school=world.school, data={"strengths": "Først"})
    client.force_login(world.teacher)
    url = reverse("cases:referral_edit", args=[referral.pk])
    html = client.post(url, _post(version=str(referral.version), strengths="Senere", submit="1")).content.decode()
    assert "Velg hvilken elev meldingen gjelder." in html
    assert Referral.objects.get().strengths == "Senere"
    assert Referral.objects.count() == 1


def test_a_draft_can_be_deleted_after_confirming(client, world):
    referral = referral_save_draft(access=Access(world.teacher), school=world.school, data={"strengths": "x"})
    url = reverse("cases:referral_delete", args=[referral.pk])
    client.force_login(world.teacher)
    assert "Slett utkastet" in client.get(reverse("cases:referral_edit", args=[referral.pk])).content.decode()
    asked = client.post(url)
    assert asked.status_code == 200
    assert "Slette utkastet?" in asked.content.decode()
    assert Referral.objects.filter(pk=referral.pk).exists()
    done = client.post(url, {"confirm": "1"})
    assert done["Location"] == reverse("cases:referral_list")
    assert not Referral.objects.filter(pk=referral.pk).exists()


def test_only_the_author_deletes_and_only_a_draft(client, world, case_factory):
    referral = referral_save_draft(access=Access(world.teacher), school=world.school, data={"strengths": "x"})
    client.force_login(world.lead)
    assert client.post(reverse("cases:referral_delete", args=[referral.pk]), {"confirm": "1"}).status_code == 404
    assert Referral.objects.filter(pk=referral.pk).exists()
    sent = case_factory(author=world.teacher).referral
    client.force_login(world.teacher)
    client.post(reverse("cases:referral_delete", args=[sent.pk]), {"confirm": "1"})
    assert Referral.objects.filter(pk=sent.pk).exists()


def test_empty_dates_are_not_turned_into_today(client, world):
    client.force_login(world.teacher)
    data = _post(world.student, strengths="x", referral_date="", first_concern_date="", submit="1")
    html = client.post(reverse("cases:referral_create"), data).content.decode()
    assert "Skriv datoen for oppmelding til ressursteamet." in html
    assert "Skriv når du først ble bekymret" in html
    assert not Case.objects.exists()


def test_first_concern_in_the_future_is_refused(client, world):
    client.force_login(world.teacher)
    future = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    data = _post(world.student, strengths="x", first_concern_date=future, save="1")
    html = client.post(reverse("cases:referral_create"), data).content.decode()
    assert "Datoen for første bekymring kan ikke være fram i tid." in html
    assert not Referral.objects.exists()


def test_referral_date_in_the_future_and_first_concern_after_it_are_refused(client, world):
    client.force_login(world.teacher)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    html = client.post(
        reverse("cases:referral_create"), _post(world.student, strengths="x", referral_date=future, submit="1")
    ).content.decode()
    assert "Datoen for oppmelding kan ikke være fram i tid." in html
    html = client.post(
        reverse("cases:referral_create"),
        _post(world.student, strengths="x", referral_date="2026-10-01", first_concern_date="2026-10-05", submit="1"),
    ).content.decode()
    assert "Første bekymring kan ikke være etter datoen for oppmelding (01.10.2026)." in html
    assert not Case.objects.exists()


def test_first_concern_date_is_not_prefilled(client, world):
    client.force_login(world.teacher)
    html = client.get(reverse("cases:referral_create")).content.decode()
    today = timezone.localdate().strftime("%d.%m.%Y")  # dates are shown dd.mm.åååå
    assert f'name="referral_date" value="{today}"' in html
    assert 'name="first_concern_date" value=' not in html
