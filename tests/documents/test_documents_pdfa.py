"""Every document is PDF/A-2b: identified as such in its XMP, with an output intent, every font
embedded, and the metadata an archive reads (title, school, case, date, access restriction); and a
fallback font so what a user typed — emoji, Ethiopic — prints as typed, not as empty boxes."""

import io
import re

import pytest
from documents_pdf_helpers import pdf_text
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from laget.documents.pdf import ACCESS_RESTRICTION

DOCS = ["referral_pdf", "invitation_pdf", "plan_pdf", "consent_pdf", "consent_blank_pdf"]


def _xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def _fonts(reader: PdfReader) -> dict:
    """Every font used on every page: its name and whether its program is embedded."""
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object() if isinstance(font, IndirectObject) else font
            descendants = font.get("/DescendantFonts")
            descriptor_owner = descendants[0].get_object() if descendants else font
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


@pytest.mark.parametrize("doc", DOCS)
def test_every_document_is_pdfa_2b_with_archive_metadata(client, world, documents_for, doc):
    urls = documents_for(consent=True)
    client.force_login(world.lead)
    response = client.get(urls[doc])
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    xmp = _xmp(reader)
    assert re.search(r'pdfaid:part="2"|<pdfaid:part>2</pdfaid:part>', xmp)
    assert re.search(r'pdfaid:conformance="B"|<pdfaid:conformance>B</pdfaid:conformance>', xmp)
    intents = reader.trailer["/Root"].get("/OutputIntents")
    assert intents
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    fonts = _fonts(reader)
    assert fonts, "no fonts found: the check would pass on an empty document"
    assert all(fonts.values()), f"fonts not embedded: {[n for n, e in fonts.items() if not e]}"
    assert ACCESS_RESTRICTION in xmp  # dc:rights
    assert "Testvik barneskole" in xmp  # dc:publisher
    assert "<dc:title>" in xmp
    assert re.search(r"<dc:date>.*\d{4}-\d{2}-\d{2}.*</dc:date>", xmp, re.S)


def test_a_case_document_carries_its_case_number_for_the_archive(client, world, documents_for):
    urls = documents_for(consent=True)
    client.force_login(world.lead)
    xmp = _xmp(PdfReader(io.BytesIO(client.get(urls["plan_pdf"]).content)))
    assert re.search(r"<dc:identifier>\d+-\d+</dc:identifier>", xmp)


def test_what_a_user_types_prints_as_typed(client, world, case_factory):
    case = case_factory(consent=True)
    referral = case.referral
    referral.strengths = "Glad i fotball ⚽ og tegning 😀 · ሰላም"
    referral.save()
    client.force_login(world.lead)
    response = client.get(f"/dokumenter/melding/{referral.pk}.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    fonts = " ".join(_fonts(reader))
    assert "Symbola" in fonts  # the emoji came from the fallback font, not an empty box
    assert "Ethiopic" in fonts  # a script neither DejaVu nor Inter has
    text = pdf_text(response)
    assert "😀" in text
    assert "ሰላም" in text
