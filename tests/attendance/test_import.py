"""CSV import from the school's administrative system: preview with row errors, all or nothing, idempotent."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laget.attendance.models import Absence, FollowUp

URL = reverse("attendance:absence_import")
VALID = (
    "fødselsdato;navn;dato;timer;dokumentert\n"
    "01.03.2015;Ola Nordmann;01.09.2026;;nei\n"
    "01.03.2015;Nordmann Ola;02.09.2026;2,5;nei\n"
    "01.03.2015;Ola Nordmann;03.09.2026;;nei\n"
    "02.06.2014;Kari Hansen;03.09.2026;1;ja\n"
)


def upload(client, text, name="fravaer.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def confirm(client, text):
    return client.post(URL, {"content": text, "confirm": "1"})


def test_valid_file_previews_then_stores_and_opens_the_follow_up(client, world, follower):
    client.force_login(follower)
    r = upload(client, VALID)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Filen er gyldig: 4 rader" in html
    assert not Absence.objects.exists()  # preview stores nothing
    r = confirm(client, VALID)
    assert r.status_code == 302
    assert Absence.objects.count() == 4
    assert Absence.objects.get(date=datetime.date(2026, 9, 2)).hours == 2.5
    assert Absence.objects.get(student=world.student2).kind == Absence.Kind.DOCUMENTED
    assert FollowUp.objects.filter(student=world.student).count() == 1


def test_reimport_changes_nothing(client, world, follower):
    client.force_login(follower)
    confirm(client, VALID)
    before = list(Absence.objects.values_list("pk", "kind", "hours").order_by("pk"))
    r = confirm(client, VALID)
    assert r.status_code == 302
    messages = [str(m) for m in r.wsgi_request._messages]
    assert "Importert: 0 nye, 0 endret, 4 uendret." in messages
    assert list(Absence.objects.values_list("pk", "kind", "hours").order_by("pk")) == before
    assert FollowUp.objects.count() == 1


def test_invalid_rows_get_norwegian_errors_and_nothing_is_stored(client, world, follower):
    client.force_login(follower)
    text = (
        "fødselsdato;navn;dato;timer;dokumentert\n"
        "01.03.2015;Ola Nordmann;01.09.2026;;nei\n"
        "01.03.2015;Ola Nordmann;31.02.2026;;nei\n"
        "01.01.2015;Per Annen;02.09.2026;;nei\n"
        "01.03.2015;Ola Nordmann;03.09.2026;mange;kanskje\n"
        "01.03.2015;Ola Nordmann;01.09.2026;;ja\n"
    )
    r = upload(client, text)
    html = r.content.decode()
    assert "4 rader har feil. Ingenting er lagret" in html
    assert "Ugyldig dato «31.02.2026»" in html
    assert "Fant ingen elev du har tilgang til" in html  # another school's student does not exist
    assert "Ugyldig antall timer «mange»" in html
    assert "«Dokumentert» må være ja eller nei" in html
    assert "Samme elev og dato står også på linje 2" in html
    assert "Lagre" not in html.split("Vis forhåndsvisning")[0].split("Forhåndsvisning")[-1]
    r = confirm(client, text)  # a forged confirm of an invalid file stores nothing either
    assert r.status_code == 200
    assert not Absence.objects.exists()


def test_missing_columns_are_explained(client, world, follower):
    client.force_login(follower)
    html = upload(client, "navn;timer\nOla;1\n").content.decode()
    assert "Filen mangler kolonnen «dato»." in html
    assert "«elev-id», eller både «fødselsdato» og «navn»" in html


def test_contact_teacher_imports_only_their_class(client, world):
    client.force_login(world.teacher)
    html = upload(client, VALID).content.decode()
    assert "1 rad har feil" in html  # Kari Hansen is in 6A
    assert not Absence.objects.exists()


def test_latin1_file_and_comma_delimiter_are_read(client, world, follower):
    client.force_login(follower)
    text = f"elev-id,dato,dokumentert\n{world.student.pk},2026-09-01,nei\n"
    r = client.post(URL, {"file": SimpleUploadedFile("f.csv", text.encode("cp1252"))})
    assert "Filen er gyldig: 1 rad" in r.content.decode()
