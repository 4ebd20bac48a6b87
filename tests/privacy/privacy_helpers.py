import io

from pypdf import PdfReader

SECRET_NOTE = "HEMMELIG HELSENOTAT"
RESTRICTED_SUMMARY = "SKJERMET HENDELSE"
PROTECTED = {"address": "Skjultveien 7", "phone": "41414141", "email": "skjult@hjem.test"}


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
