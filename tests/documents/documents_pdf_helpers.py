"""Reading PDF responses in tests."""

import io

from pypdf import PdfReader


def pdf_pages(response) -> list[str]:
    """The text of each page of a PDF response."""
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return [page.extract_text() for page in reader.pages]


def pdf_text(response) -> str:
    return "\n".join(pdf_pages(response))
