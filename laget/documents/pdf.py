"""Rendering of the PDF documents: a Django template in, PDF bytes out (WeasyPrint).

Every document extends documents/pdf_base.html, whose print stylesheet puts the school's
name in the header and "Unntatt offentlighet, jf. offentleglova § 13" plus the page number
in the footer of every page (rule 8), through @page margin boxes.
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

PRINT_CSS = "documents/print.css"


def _static_base_url() -> str:
    """Where relative URLs in a document (images, fonts) are resolved: the app's static files."""
    found = finders.find(PRINT_CSS)
    base = Path(found).parent.parent if found else Path(settings.STATIC_ROOT)
    return base.as_uri() + "/"


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render `template_name` with `context` to a PDF (A4, print stylesheet applied)."""
    from weasyprint import CSS, HTML  # heavy import, only when a document is made

    html = render_to_string(template_name, context)
    stylesheet = finders.find(PRINT_CSS)
    return HTML(string=html, base_url=_static_base_url()).write_pdf(stylesheets=[CSS(filename=stylesheet)])


def safe_filename(stem: str) -> str:
    """A plain ASCII filename; callers pass stems without the student's name."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "dokument"
    return f"{stem}.pdf"


def pdf_response(pdf: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(stem)}"'
    return response
