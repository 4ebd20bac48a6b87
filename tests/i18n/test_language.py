"""Bokmål, nynorsk and English: chosen by the user or set by the school; what goes to a school follows
the school's written standard; dates are typed and shown as dd.mm.åååå in every language."""

import datetime

import pytest
from django import forms as django_forms
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from laget.forms import DateInput
from laget.meetings import services
from laget.meetings.invitations import meeting_send_invitation
from laget.organisations.access import Access
from laget.organisations.models import UserPreference


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=timezone.get_current_timezone())


def page(client, name="home:my_page"):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response


def test_pages_are_in_bokmal_by_default_even_for_an_english_browser(client, world):
    client.force_login(world.member)
    response = client.get(reverse("home:my_page"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Min side" in response.text
    assert "My page" not in response.text
    assert response["Content-Language"] == "nb"


def test_the_schools_written_standard_is_the_users_default(client, world):
    world.school.language = "nn"
    world.school.save()
    client.force_login(world.member)
    response = page(client)
    assert "Mi side" in response.text
    assert "Min side" not in response.text
    assert '<html lang="nn"' in response.text


def test_the_owners_standard_applies_when_the_school_has_none(client, world):
    world.school.owner.language = "nn"
    world.school.owner.save()
    client.force_login(world.member)
    assert "Mi side" in page(client).text


def test_a_user_chooses_english_and_keeps_it(client, world):
    world.school.language = "nn"
    world.school.save()
    client.force_login(world.member)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": reverse("home:my_page")})
    assert response.status_code == 302
    assert "My page" in page(client).text
    assert UserPreference.objects.get(user=world.member).language == "en"
    client.logout()
    client.force_login(world.member)  # a new session: the saved choice, not the school's
    assert "My page" in page(client).text


def test_choosing_the_schools_standard_again_clears_the_choice(client, world):
    UserPreference.objects.create(user=world.member, language="en")
    client.force_login(world.member)
    client.post(reverse("accounts:language"), {"language": "", "next": reverse("home:my_page")})
    assert "Min side" in page(client).text
    assert UserPreference.objects.get(user=world.member).language == ""


def test_an_unknown_language_is_refused_with_a_message(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("accounts:language"), {"language": "xx", "next": reverse("home:my_page")}, follow=True
    )
    assert "Velg bokmål, nynorsk eller engelsk." in response.text
    assert not UserPreference.objects.filter(user=world.member).exclude(language="").exists()


def test_someone_not_logged_in_chooses_nynorsk_for_the_login_page(client, db):
    login = reverse("login")
    assert "Brukernavn" in client.get(login).text
    response = client.post(reverse("accounts:language"), {"language": "nn", "next": login})
    assert response.status_code == 302
    assert response.url == login
    text = client.get(login).text
    assert "Brukarnamn" in text
    assert "Brukernavn" not in text


def test_the_choice_made_before_login_is_kept_after_it(client, world):
    world.member.set_password("Et-langt-passord-42")
    world.member.save()
    client.post(reverse("accounts:language"), {"language": "en", "next": reverse("login")})
    response = client.post(reverse("login"), {"username": "pprad", "password": "Et-langt-passord-42"}, follow=True)
    assert "Set up two-factor login" in response.text  # the next step of the login, in the chosen language


def test_invitation_follows_the_schools_standard_not_the_senders(world, django_capture_on_commit_callbacks):
    world.school.language = "nn"
    world.school.save()
    UserPreference.objects.create(user=world.lead, language="en")
    access = Access(world.lead)
    meeting = services.meeting_create(access=access, team=world.team, starts_at=at(2026, 10, 6))
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        meeting_send_invitation(access=access, meeting=meeting)
    assert mail.outbox
    body = mail.outbox[0].body
    assert "Du er kalla inn til" in body
    assert "You are invited" not in body


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_dates_are_typed_the_norwegian_way_in_every_language(language):
    class Form(django_forms.Form):
        date = django_forms.DateField(widget=DateInput())

    with translation.override(language):
        form = Form({"date": "08.12.2026"})
        assert form.is_valid()
        assert form.cleaned_data["date"] == datetime.date(2026, 12, 8)
        us = Form({"date": "12/08/2026"})
        assert not us.is_valid()
        rendered = str(Form(initial={"date": datetime.date(2026, 12, 8)})["date"])
        assert 'value="08.12.2026"' in rendered
        assert 'type="text"' in rendered


def test_a_date_field_states_its_format_and_help_texts_are_announced(client, world):
    client.force_login(world.teacher)
    text = client.get(reverse("cases:referral_create")).text
    assert "(dd.mm.åååå)" in text
    # Django points aria-describedby at "<id>_helptext": the help text must carry that id.
    assert 'aria-describedby="id_first_concern_date_helptext"' in text
    assert 'id="id_first_concern_date_helptext"' in text
