"""Rendering of the PDF documents: a Django template in, PDF/A bytes out (WeasyPrint).

Every document extends documents/pdf_base.html, whose print stylesheet puts the school's
name in the header and "Unntatt offentlighet, jf. offentleglova § 13" plus the page number
in the footer of every page (offentleglova § 13), through @page margin boxes.

Every document is PDF/A-2b, so any of them can go into the student's archive folder as it is:
fonts embedded, an sRGB output intent, and XMP metadata an archive reads (title, school, case,
document date, access restriction) in Dublin Core properties, which PDF/A knows without an
extension schema.
"""

import datetime
import re
from contextlib import nullcontext
from pathlib import Path
from xml.etree.ElementTree import SubElement, fromstring, tostring

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from laget.organisations.language import for_school

PRINT_CSS = "documents/print.css"
PDF_VARIANT = "pdf/a-2b"
# The access restriction every document with student data carries (offentleglova § 13).
ACCESS_RESTRICTION = "Unntatt offentlighet, jf. offentleglova § 13"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"


def _static_base_url() -> str:
    """Where relative URLs in a document (images, fonts) are resolved: the app's static files."""
    found = finders.find(PRINT_CSS)
    base = Path(found).parent.parent if found else Path(settings.STATIC_ROOT)
    return base.as_uri() + "/"


def document_metadata(context: dict, *, title: str = "", document_date: datetime.date | None = None) -> dict:
    """What the archive reads from a document: its title, the school, the case and the date."""
    school = context.get("school")
    case = context.get("case")
    return {
        "title": title,
        "publisher": getattr(school, "name", "") or "",
        "identifier": f"{school.pk}-{case.number}" if school is not None and case is not None else "",
        "case_number": getattr(case, "number", None),
        "date": (document_date or timezone.localdate()).isoformat(),
        "rights": ACCESS_RESTRICTION,
    }


def _with_dublin_core(rdf_bytes: bytes, meta: dict) -> bytes:
    """WeasyPrint's RDF plus one rdf:Description with the archive's Dublin Core fields."""
    rdf = fromstring(rdf_bytes)  # noqa: S314 - WeasyPrint's own RDF, not outside input
    description = SubElement(rdf, f"{{{_RDF}}}Description", {f"{{{_RDF}}}about": ""})

    def alt(name, text):
        item = SubElement(SubElement(SubElement(description, f"{{{_DC}}}{name}"), f"{{{_RDF}}}Alt"), f"{{{_RDF}}}li")
        item.set("xml:lang", "x-default")
        item.text = text

    def bag(name, texts):
        container = SubElement(SubElement(description, f"{{{_DC}}}{name}"), f"{{{_RDF}}}Bag")
        for text in texts:
            SubElement(container, f"{{{_RDF}}}li").text = text

    alt("rights", meta["rights"])
    if meta["publisher"]:
        bag("publisher", [meta["publisher"]])
    if meta["identifier"]:
        SubElement(description, f"{{{_DC}}}identifier").text = meta["identifier"]
    date_seq = SubElement(SubElement(description, f"{{{_DC}}}date"), f"{{{_RDF}}}Seq")
    SubElement(date_seq, f"{{{_RDF}}}li").text = meta["date"]
    return tostring(rdf, encoding="unicode").encode("utf-8")


def render_pdf(template_name: str, context: dict, *, document_date: datetime.date | None = None) -> bytes:
    """Render `template_name` with `context` to a PDF/A-2b document (A4, print stylesheet applied)."""
    from weasyprint import CSS, HTML  # heavy import, only when a document is made

    # A document goes into the school's archive: it is in the school's written standard.
    school = context.get("school")
    with for_school(school) if school is not None else nullcontext():
        html = render_to_string(template_name, context)
    stylesheet = finders.find(PRINT_CSS)
    document = HTML(string=html, base_url=_static_base_url()).render(stylesheets=[CSS(filename=stylesheet)])
    meta = document_metadata(context, title=document.metadata.title or "", document_date=document_date)
    document.metadata.description = " · ".join(
        part
        for part in (meta["publisher"], f"sak {meta['case_number']}" if meta["case_number"] else "", meta["rights"])
        if part
    )
    document.metadata.keywords = [meta["rights"]]
    generate = document.metadata.generate_rdf_metadata
    document.metadata.generate_rdf_metadata = lambda *args: _with_dublin_core(generate(*args), meta)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def safe_filename(stem: str) -> str:
    """A plain ASCII filename; callers pass stems without the student's name."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "dokument"
    return f"{stem}.pdf"


def pdf_response(pdf: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(stem)}"'
    return response
