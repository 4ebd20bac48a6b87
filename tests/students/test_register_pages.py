"""The register import pages: lead-only (404 for everyone else), the preview hides a protected
guardian's contact details from anyone the school has not granted them, confirm imports."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from register_helpers import csv_bytes, student_row

from laget.audit.models import AccessLogEntry
from laget.meetings.guests import guest_user_for
from laget.organisations.models import Membership, Role, Staff
from laget.students.models import RegisterImport, Student

pytestmark = pytest.mark.django_db
User = get_user_model()

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "examples" / "elevimport.csv"
PROTECTED_ADDRESS = "Hemmeligveien 7"
PROTECTED_PHONE = "47474747"


def protected_file() -> bytes:
    return csv_bytes(
        [
            student_row("1001", "Ola", "Nordmann", "01.03.2015", "5A", "Mona Nordmann", "Mor", "41234567"),
            student_row(
                "1002", "Eva", "Lie", "14.07.2015", "5A", "Siv Lie", "Mor", PROTECTED_PHONE, "", PROTECTED_ADDRESS, "Ja"
            ),
        ]
    )


def post_file(client, data, name="elever.csv"):
    return client.post(reverse("students:register_upload"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def people(world):
    invited = User.objects.create_user(username="barnevern", first_name="Bente", last_name="Vik")
    Staff.objects.create(user=invited, school=world.school, title="Barneverntjenesten")
    Membership.objects.create(
        team=world.team, user=invited, role=Role.objects.get(code="barnevern"), kind=Membership.Kind.INVITED
    )
    guest = guest_user_for(email="gjest@bup.test", name="Gunnar Gjest")
    return {
        "member": world.member,
        "nurse": world.nurse,
        "teacher": world.teacher,
        "invited": invited,
        "guest": guest,
        "outsider": world.outsider,
    }


def test_lead_uploads_sees_preview_and_imports(client, world):
    client.force_login(world.lead)

    response = post_file(client, EXAMPLE.read_bytes(), "elevimport.csv")

    register_import = RegisterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("students:register_preview", args=[register_import.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Solheim, Emma" in html
    assert "Kristin Solheim" in html
    assert 'data-count="created">4<' in html
    assert 'data-count="left">2<' in html  # the two students typed in before are not in the file
    assert AccessLogEntry.objects.filter(action="register.preview", user_id=world.lead.pk).exists()
    fingerprint = html.split('name="fingerprint" value="')[1].split('"')[0]

    done = client.post(response["Location"], {"fingerprint": fingerprint})

    assert done.status_code == 302
    assert done["Location"] == reverse("students:student_list")
    listing = client.get(done["Location"]).content.decode()
    assert "Solheim, Emma" in listing
    assert Student.objects.filter(school=world.school, left_on__isnull=True).count() == 4


def test_bad_rows_are_listed_with_line_numbers_and_nothing_is_kept(client, world):
    client.force_login(world.lead)
    rows = [
        student_row("1001", "Ola", "Nordmann", "01.03.2015", "5A"),
        student_row("1002", "", "Lie", "14.07.2015", "5A"),
    ]
    rows[1][2] = ""

    html = post_file(client, csv_bytes(rows)).content.decode()

    assert "Ingenting er importert" in html
    assert "<td>3</td>" in html
    assert "Navn mangler" in html
    assert not RegisterImport.objects.exists()


def test_an_unreadable_file_gets_a_norwegian_message(client, world):
    client.force_login(world.lead)

    html = post_file(client, b"PK\x03\x04garbage", "elever.xlsx").content.decode()

    assert "Filen er ikke en gyldig Excel-fil" in html


def test_preview_hides_protected_contact_details_unless_the_role_may_see_them(client, world):
    client.force_login(world.lead)
    url = post_file(client, protected_file())["Location"]

    hidden = client.get(url).content.decode()

    assert "Siv Lie" in hidden
    assert "Fortrolig adresse" in hidden
    assert PROTECTED_ADDRESS not in hidden
    assert PROTECTED_PHONE not in hidden
    assert "41234567" in hidden  # an ordinary guardian's phone is shown
    Role.objects.filter(code="rektor").update(sees_protected_address=True)
    client.force_login(world.lead)  # a fresh request computes the access again

    shown = client.get(url).content.decode()

    assert PROTECTED_ADDRESS in shown
    assert PROTECTED_PHONE in shown


@pytest.mark.parametrize("who", ["member", "nurse", "teacher", "invited", "guest"])
def test_only_the_lead_reaches_the_import(client, world, people, who):
    register_import = RegisterImport.objects.create(
        school=world.school, uploaded_by=world.lead, filename="x.csv", payload={"students": [], "classes": {}}
    )
    client.force_login(people[who])

    assert client.get(reverse("students:register_upload")).status_code == 404
    assert post_file(client, protected_file()).status_code == 404
    assert client.get(reverse("students:register_preview", args=[register_import.pk])).status_code == 404
    assert client.post(reverse("students:register_preview", args=[register_import.pk]), {}).status_code == 404
    assert client.get(reverse("students:register_example", args=["csv"])).status_code == 404
    assert RegisterImport.objects.count() == 1


def test_the_other_schools_lead_cannot_see_this_schools_import(client, world):
    client.force_login(world.lead)
    url = post_file(client, protected_file())["Location"]
    client.force_login(world.outsider)

    assert client.get(url).status_code == 404
    assert client.post(url, {"fingerprint": "x"}).status_code == 404
    # their own upload goes to their own school, never this one
    assert post_file(client, protected_file()).status_code == 302
    assert RegisterImport.objects.filter(school=world.other_school).count() == 1
    assert RegisterImport.objects.get(pk=url.rstrip("/").split("/")[-1]).status == RegisterImport.Status.PENDING


def test_example_files_download_and_import_alike(client, world):
    client.force_login(world.lead)

    csv_response = client.get(reverse("students:register_example", args=["csv"]))
    xlsx_response = client.get(reverse("students:register_example", args=["xlsx"]))

    assert csv_response.status_code == 200
    assert xlsx_response.status_code == 200
    xlsx = b"".join(xlsx_response.streaming_content)
    first = post_file(client, b"".join(csv_response.streaming_content), "elevimport.csv")
    payload = RegisterImport.objects.get(pk=first["Location"].rstrip("/").split("/")[-1]).payload
    second = post_file(client, xlsx, "elevimport.xlsx")
    assert RegisterImport.objects.get(pk=second["Location"].rstrip("/").split("/")[-1]).payload == payload
