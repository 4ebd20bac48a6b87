"""Reading the school's register file (CSV or Excel) into rows of named cells.

The columns are documented in the README ("Import from the student register"); each has one
Norwegian header and the variants the common school administration systems (Visma Flyt Skole,
IST Extens, WIS) and hand-made spreadsheets use. Header matching ignores case, spaces, `_`, a trailing
`:` or `*`. This module only reads; register_rows.py checks the rows.
"""

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000

# canonical name → (documented Norwegian header, accepted variants after normalisation)
COLUMNS = {
    "type": ("Type", {"type", "persontype", "radtype", "kategori"}),
    "student_number": (
        "Elevnummer",
        {"elevnummer", "elevnr", "elevnr.", "elev-id", "elevid", "elev id", "internid", "intern id", "elev-nr"},
    ),
    "national_id": (
        "Fødselsnummer",
        {
            "fødselsnummer",
            "fodselsnummer",
            "fødselsnr",
            "fødselsnr.",
            "fnr",
            "f.nr",
            "f.nr.",
            "personnummer (11 siffer)",
        },
    ),
    "student_national_id": (
        "Elevens fødselsnummer",
        {"elevens fødselsnummer", "elev fødselsnummer", "fødselsnummer elev", "elevens fnr", "elev fnr"},
    ),
    "first_name": ("Fornavn", {"fornavn", "elev fornavn", "elevens fornavn", "elev - fornavn"}),
    "last_name": ("Etternavn", {"etternavn", "elev etternavn", "elevens etternavn", "elev - etternavn"}),
    "name": ("Navn", {"navn", "elevnavn", "fullt navn", "elev"}),
    "birth_date": ("Fødselsdato", {"fødselsdato", "fodselsdato", "født", "fødd", "fødselsdag"}),
    "class_name": (
        "Klasse",
        {"klasse", "basisgruppe", "klassenavn", "hovedgruppe", "klasse/basisgruppe", "gruppe", "kontaktgruppe"},
    ),
    "grade": ("Trinn", {"trinn", "klassetrinn", "årstrinn", "arstrinn", "trinn/årstrinn"}),
    "phone": ("Telefon", {"telefon", "mobil", "mobilnummer", "tlf", "tlf.", "telefonnummer", "mobiltelefon"}),
    "email": ("E-post", {"e-post", "epost", "e-postadresse", "epostadresse", "email", "e-mail"}),
    "address": ("Adresse", {"adresse", "folkeregistrert adresse", "bostedsadresse", "postadresse"}),
    "title": ("Stilling", {"stilling", "tittel", "stillingstittel"}),
    "contact_for": (
        "Kontaktlærer for",
        {"kontaktlærer for", "kontaktlærer i", "kontaktlærer for klasse", "kontaktlærer for klasser"},
    ),
    "guardian_name": ("Foresatt navn", {"foresatt navn", "foresatt", "foresattnavn", "navn foresatt", "foresatte"}),
    "guardian_national_id": (
        "Foresatt fødselsnummer",
        {"foresatt fødselsnummer", "foresattes fødselsnummer", "fødselsnummer foresatt", "foresatt fnr"},
    ),
    "guardian_relation": (
        "Foresatt relasjon",
        {"foresatt relasjon", "relasjon", "relasjon til elev", "foreldrerolle", "foresatt rolle"},
    ),
    "guardian_phone": (
        "Foresatt telefon",
        {"foresatt telefon", "foresatt mobil", "telefon foresatt", "mobil foresatt", "foresattes telefon"},
    ),
    "guardian_email": (
        "Foresatt e-post",
        {"foresatt e-post", "foresatt epost", "e-post foresatt", "epost foresatt", "foresattes e-post"},
    ),
    "guardian_address": ("Foresatt adresse", {"foresatt adresse", "adresse foresatt", "foresattes adresse"}),
    "protected": (
        "Fortrolig adresse",
        {
            "fortrolig adresse",
            "fortrolig",
            "sperret adresse",
            "adressesperre",
            "skjermet adresse",
            "adressebeskyttelse",
            "strengt fortrolig",
        },
    ),
}


class FileError(Exception):
    """The file as a whole cannot be read; the message is Norwegian and says what to do."""


def header_key(text) -> str:
    value = " ".join(str(text or "").replace("_", " ").split()).strip().lower()
    return value.rstrip(":*").strip()


def map_header(header: list) -> tuple[dict, list[str]]:
    """Column index per canonical name, and the headers that were not recognised (reported, not fatal)."""
    found, unknown = {}, []
    lookup = {variant: name for name, (_label, variants) in COLUMNS.items() for variant in variants}
    for index, text in enumerate(header):
        key = header_key(text)
        if not key:
            continue
        name = lookup.get(key)
        if name and name not in found:
            found[name] = index
        elif not name:
            unknown.append(str(text).strip())
    return found, unknown


def read_table(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every non-empty row, header first. Excel by its zip signature."""
    if len(data) > MAX_BYTES:
        raise FileError(_("Filen er for stor (høyst 5 MB)."))
    if not data.strip():
        raise FileError(_("Filen er tom."))
    if data[:4] == b"PK\x03\x04":
        rows = _read_xlsx(data)
    elif filename.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise FileError(_("Filen er ikke en gyldig Excel-fil (.xlsx). Lagre den som .xlsx eller CSV og prøv igjen."))
    else:
        rows = _read_csv(_decode(data))
    rows = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise FileError(_("Filen er tom."))
    if len(rows) - 1 > MAX_ROWS:
        raise FileError(_("Filen har for mange rader (høyst %(n)s).") % {"n": MAX_ROWS})
    if len(rows) == 1:
        raise FileError(_("Filen har ingen rader under overskriftsraden."))
    return rows


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(text: str) -> list[tuple[int, list[str]]]:
    sample = text[:4000]
    delimiter = max((";", ",", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, [c.strip() for c in cells]) for cells in reader]
    except csv.Error as exc:
        raise FileError(_("Filen kan ikke leses som CSV (linje %(n)s).") % {"n": reader.line_num}) from exc


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    # openpyxl uses defusedxml (pinned) when installed: no entity-expansion attacks through the file.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileError(
            _("Filen er ikke en gyldig Excel-fil (.xlsx). Lagre den som .xlsx eller CSV og prøv igjen.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number - 1 > MAX_ROWS + 1:
                raise FileError(_("Filen har for mange rader (høyst %(n)s).") % {"n": MAX_ROWS})
            rows.append((number, [_cell_text(v) for v in values]))
        return rows
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """Excel cells as the text a person would have typed: dates as dd.mm.åååå, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().strftime("%d.%m.%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        # A national identity number stored as a number loses its leading zero (born on the 1st–9th).
        return text.zfill(11) if len(text) == 10 else text
    return str(value).strip()
