"""Documents to the students' archive folders: due from the data, sent by the lead in one step as a
Noark 5 arkivmelding package with PDF/A documents and checksums; filed once; a changed document is
filed as a new version; an anonymous case's package names no one; the case timeline says so."""

import datetime
import hashlib
import io
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from laget.cases.models import ActionPlan, TimelineEntry
from laget.documents import archive
from laget.documents.archive_adapters import FolderAdapter
from laget.documents.models import ArchivedDocument
from laget.organisations.access import Access

NS = {"n": archive.NOARK_NS}


@pytest.fixture
def adapter(tmp_path):
    return FolderAdapter(root=tmp_path)


def _package(reference) -> tuple[ElementTree.Element, Path]:
    folder = Path(reference)
    tree = ElementTree.parse(folder / "arkivmelding.xml")  # noqa: S314 - our own package
    return tree.getroot(), folder


def _text(folder: Path) -> str:
    return "\n".join(
        page.extract_text() for pdf in (folder / "dokumenter").glob("*.pdf") for page in PdfReader(pdf).pages
    )


def test_approved_minutes_and_plans_are_due_for_the_students_folders(world, approved):
    _meeting, named, anonymous = approved
    due = {(d.case.pk, d.kind) for d in archive.documents_due(world.school)}
    assert (named.pk, "minutes_extract") in due
    assert (anonymous.pk, "minutes_extract") in due
    assert (named.pk, "plan") in due
    assert not any(kind == "referral" for _case, kind in due)  # referrals go when the case is closed


def test_the_lead_sends_one_package_every_document_in_its_students_folder(world, approved, adapter):
    _meeting, _named, _anonymous = approved
    archived = archive.archive_send(access=Access(world.lead), school=world.school, adapter=adapter)
    assert len(archived) == 3
    root, folder = _package(archived[0].package)
    assert root.tag == f"{{{archive.NOARK_NS}}}arkivmelding"
    assert root.find("n:antallFiler", NS).text == "3"
    folders = {m.find("n:tittel", NS).text: m for m in root.findall("n:mappe", NS)}
    ola = next(m for title, m in folders.items() if "Ola Nordmann" in title)
    assert len(ola.findall("n:registrering", NS)) == 2  # the extract and the plan, in Ola's folder
    anonymous_folder = next(m for title, m in folders.items() if "Anonym sak" in title)
    assert len(anonymous_folder.findall("n:registrering", NS)) == 1
    objects = root.findall(".//n:dokumentobjekt", NS)
    assert len(objects) == 3
    for obj in objects:
        content = (folder / obj.find("n:referanseDokumentfil", NS).text).read_bytes()
        assert hashlib.sha256(content).hexdigest() == obj.find("n:sjekksum", NS).text
        assert obj.find("n:sjekksumAlgoritme", NS).text == "SHA256"
        assert int(obj.find("n:filstoerrelse", NS).text) == len(content)
        xmp = PdfReader(io.BytesIO(content)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert "pdfaid" in xmp
    for restriction in root.findall(".//n:skjerming", NS):
        assert restriction.find("n:tilgangsrestriksjon", NS).text == "13"
        assert "Offl. § 13" in restriction.find("n:skjermingshjemmel", NS).text


def test_an_anonymous_case_is_filed_without_a_name(world, approved, adapter):
    _meeting, _named, _anonymous = approved
    archived = archive.archive_send(access=Access(world.lead), school=world.school, adapter=adapter)
    root, folder = _package(archived[0].package)
    anonymous_folder = next(m for m in root.findall("n:mappe", NS) if "Anonym sak" in m.find("n:tittel", NS).text)
    xml = ElementTree.tostring(anonymous_folder, encoding="unicode")
    document = anonymous_folder.find(".//n:referanseDokumentfil", NS).text
    text = "\n".join(p.extract_text() for p in PdfReader(folder / document).pages)
    for secret in ("Kari", "Hansen", "Hans"):
        assert secret not in xml
        assert secret not in text
    assert "Ola Nordmann" in ElementTree.tostring(root, encoding="unicode")  # the named case is named


def test_sending_twice_files_once(world, approved, adapter):
    lead = Access(world.lead)
    archive.archive_send(access=lead, school=world.school, adapter=adapter)
    assert archive.documents_due(world.school) == []
    with pytest.raises(ValidationError):
        archive.archive_send(access=lead, school=world.school, adapter=adapter)
    assert ArchivedDocument.objects.count() == 3


def test_a_changed_plan_is_filed_as_a_new_version_beside_the_old(world, approved, adapter):
    _meeting, named, _anonymous = approved
    lead = Access(world.lead)
    archive.archive_send(access=lead, school=world.school, adapter=adapter)
    plan = ActionPlan.objects.get(case=named)
    plan.main_goal = "Leser 80 ord i minuttet"
    plan.version += 1
    plan.save()
    archived = archive.archive_send(access=lead, school=world.school, adapter=adapter)
    assert [(a.kind, a.version) for a in archived] == [("plan", 2)]
    assert ArchivedDocument.objects.filter(case=named, kind="plan").count() == 2


def test_closing_a_case_puts_its_referral_and_consents_on_the_list(world, approved, adapter):
    _meeting, named, _anonymous = approved
    archive.archive_send(access=Access(world.lead), school=world.school, adapter=adapter)
    named.status = named.Status.CLOSED
    named.closed_on = datetime.date.today()
    named.save()
    assert {d.kind for d in archive.documents_due(world.school)} == {"referral", "consent"}


def test_the_timeline_records_what_was_filed(world, approved, adapter):
    _meeting, named, _anonymous = approved
    archive.archive_send(access=Access(world.lead), school=world.school, adapter=adapter)
    summaries = list(TimelineEntry.objects.filter(case=named, kind="archive.filed").values_list("summary", flat=True))
    assert len(summaries) == 2
    assert all("Arkivert i elevmappen" in s for s in summaries)


def test_only_the_lead_sends(world, approved, adapter):
    with pytest.raises(PermissionDenied):
        archive.archive_send(access=Access(world.member), school=world.school, adapter=adapter)
    assert ArchivedDocument.objects.count() == 0


def test_the_page_lists_what_is_due_and_sends_it(client, world, approved, settings, tmp_path):
    settings.ARCHIVE_EXPORT_DIR = tmp_path
    client.force_login(world.lead)
    page = client.get(reverse("documents:archive")).text
    assert "Ola Nordmann" in page
    assert "Kari Hansen" in page  # the lead, who obtains consent, knows the anonymous case's student
    response = client.post(reverse("documents:archive_send"), follow=True)
    assert "3 dokumenter er sendt til elevmappene." in response.text
    assert len(list(tmp_path.glob(f"{world.school.pk}/*/arkivmelding.xml"))) == 1
    again = client.post(reverse("documents:archive_send"), follow=True)
    assert "Ingen dokumenter venter på arkivering." in again.text
    assert len(list(tmp_path.glob(f"{world.school.pk}/*/arkivmelding.xml"))) == 1


def test_the_archive_page_is_the_leads(client, world):
    client.force_login(world.member)
    assert client.get(reverse("documents:archive")).status_code == 404
