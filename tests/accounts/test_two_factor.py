"""Two-factor login (TOTP) for every staff account: enrolment, code page, recovery codes, no replay."""

import re
from datetime import timedelta

import pytest
import time_machine
from accounts_helpers import confirmed_device, password_login, totp_code
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from laget.accounts.middleware import DEMO_GROUP


def test_password_alone_does_not_open_any_page(client, world):
    response = password_login(client, world.teacher)
    assert response.status_code == 302
    for url in ("/", "/elever/", "/konto/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/tofaktor/sett-opp/")


def test_user_without_device_enrols_with_qr_and_secret_and_gets_ten_recovery_codes_once(client, world):
    password_login(client, world.teacher)
    page = client.get("/konto/tofaktor/sett-opp/?next=/elever/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html  # QR code inline, made by segno
    device = TOTPDevice.objects.get(user=world.teacher, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32

    wrong = client.post("/konto/tofaktor/sett-opp/", {"code": "000000", "next": "/elever/"})
    assert wrong.status_code == 200
    assert "Koden stemmer ikke" in wrong.content.decode()
    device.throttle_reset()

    done = client.post("/konto/tofaktor/sett-opp/", {"code": totp_code(device), "next": "/elever/"})
    assert done.status_code == 302
    assert done["Location"].startswith("/konto/tofaktor/koder/")
    device.refresh_from_db()
    assert device.confirmed

    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=world.teacher).values_list("token", flat=True))
    assert 'href="/elever/"' in codes_page
    # Shown only once.
    again = client.get(done["Location"])
    assert again.status_code == 302
    assert client.get("/elever/").status_code == 200


def test_user_with_device_gets_code_page_and_a_current_code_lets_them_in(client, world):
    device = confirmed_device(world.lead)
    response = password_login(client, world.lead, next_url="/elever/")
    assert client.get(response["Location"])["Location"].startswith("/konto/tofaktor/?")
    wrong = client.post("/konto/tofaktor/", {"code": "123456", "next": "/elever/"})
    assert "Koden stemmer ikke" in wrong.content.decode()
    device.throttle_reset()
    ok = client.post("/konto/tofaktor/", {"code": totp_code(device), "next": "/elever/"})
    assert ok["Location"] == "/elever/"
    assert client.get("/elever/").status_code == 200


def test_password_alone_cannot_replace_an_existing_device(client, world):
    confirmed_device(world.lead)
    password_login(client, world.lead)
    response = client.get("/konto/tofaktor/sett-opp/")
    assert response["Location"].startswith("/konto/tofaktor/?")
    assert not TOTPDevice.objects.filter(user=world.lead, confirmed=False).exists()


def test_replayed_totp_code_is_refused(client, world):
    device = confirmed_device(world.lead)
    with time_machine.travel("2026-10-01 08:00:05 +0000", tick=False):
        code = totp_code(device)
        password_login(client, world.lead)
        assert client.post("/konto/tofaktor/", {"code": code})["Location"] == "/"
        client.post("/logg-ut/")
        password_login(client, world.lead)
        replay = client.post("/konto/tofaktor/", {"code": code})
        assert replay.status_code == 200
        assert "brukt før" in replay.content.decode()
        assert client.get("/")["Location"].startswith("/konto/tofaktor/")


def test_recovery_code_works_once(client, world):
    confirmed_device(world.lead)
    password_login(client, world.lead)
    client.get("/konto/tofaktor/")
    from laget.accounts.services import recovery_codes_issue

    code = recovery_codes_issue(user=world.lead)[0]
    assert client.post("/konto/tofaktor/", {"code": code})["Location"] == "/"
    assert StaticToken.objects.filter(device__user=world.lead).count() == 9
    client.post("/logg-ut/")
    password_login(client, world.lead)
    assert client.post("/konto/tofaktor/", {"code": code}).status_code == 200


def test_logout_works_before_the_second_factor(client, world):
    password_login(client, world.teacher)
    response = client.post("/logg-ut/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_admin_action_resets_two_factor_and_is_logged(client, world):
    admin = world.lead
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    confirmed_device(world.teacher)
    from laget.accounts.services import recovery_codes_issue

    recovery_codes_issue(user=world.teacher)
    response = client.post(
        "/admin/auth/user/",
        {"action": "reset_two_factor", "_selected_action": [world.teacher.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.teacher).exists()
    assert not StaticToken.objects.filter(device__user=world.teacher).exists()
    entry = LogEntry.objects.get(object_id=str(world.teacher.pk))
    assert "Tofaktor nullstilt" in entry.get_change_message()


@pytest.mark.parametrize(("demo", "skips"), [(True, True), (False, False)])
def test_demo_users_skip_the_second_factor_only_in_demo_mode(client, world, demo, skips):
    world.teacher.groups.add(Group.objects.get_or_create(name=DEMO_GROUP)[0])
    with override_settings(DEMO=demo):
        password_login(client, world.teacher)
        response = client.get("/")
    assert (response.status_code == 200) is skips


def test_demo_command_marks_its_users(db, settings):
    from django.core.management import call_command

    settings.DEMO = True
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from laget.home import demo_data as D

    demo = Group.objects.get(name=DEMO_GROUP)
    assert set(demo.user_set.values_list("username", flat=True)) >= {login[0] for login in D.LOGINS}


def enrolment_secret(client) -> str:
    html = client.get("/konto/tofaktor/sett-opp/").content.decode()
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1)


def test_every_enrolment_attempt_shows_a_fresh_secret_so_an_early_reader_cannot_pass_later(world):
    from django.test import Client

    early, owner = Client(), Client()
    password_login(early, world.teacher)  # someone who had the password before the owner enrolled
    early_secret = enrolment_secret(early)
    early_device = TOTPDevice.objects.get(user=world.teacher, confirmed=False)
    password_login(owner, world.teacher)
    owner_secret = enrolment_secret(owner)
    assert owner_secret != early_secret
    assert enrolment_secret(owner) != owner_secret  # reloading the page is a new attempt, too
    owner_device = TOTPDevice.objects.get(user=world.teacher, confirmed=False, pk__gt=early_device.pk)
    assert owner.post("/konto/tofaktor/sett-opp/", {"code": totp_code(owner_device)}).status_code == 302

    # The secret the early reader saw opens nothing: their device is gone, their code refused.
    assert list(TOTPDevice.objects.filter(user=world.teacher)) == [owner_device]
    late = Client()
    password_login(late, world.teacher)
    early_code = f"{TOTP(early_device.bin_key).token():06d}"
    refused = late.post("/konto/tofaktor/", {"code": early_code})
    assert "Koden stemmer ikke" in refused.content.decode()
    assert late.get("/elever/").status_code == 302


@override_settings(TOTP_ENROLMENT_ATTEMPT_SECONDS=60)
def test_a_code_for_an_abandoned_enrolment_attempt_is_refused_with_a_new_qr_code(client, world):
    password_login(client, world.teacher)
    enrolment_secret(client)
    device = TOTPDevice.objects.get(user=world.teacher, confirmed=False)
    code = totp_code(device)
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        stale = client.post("/konto/tofaktor/sett-opp/", {"code": code})
    assert stale.status_code == 200
    assert "Oppsettet var utløpt" in stale.content.decode()
    assert not TOTPDevice.objects.filter(user=world.teacher, confirmed=True).exists()
