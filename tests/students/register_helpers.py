"""Register files for tests: synthetic national identity numbers (Skatteetaten's test numbers add 80
to the month, so they can never be a real person's) and CSV/XLSX builders."""

import io

from laget.students.register_ids import _K1, _K2, _check_digit

HEADER = [
    "Elevnummer",
    "Fødselsnummer",
    "Fornavn",
    "Etternavn",
    "Fødselsdato",
    "Klasse",
    "Foresatt navn",
    "Foresatt relasjon",
    "Foresatt telefon",
    "Foresatt e-post",
    "Foresatt adresse",
    "Fortrolig adresse",
]


def synthetic_fnr(day: int, month: int, year: int, start: int = 500) -> str:
    """A valid synthetic number for the date (born 2000–2039: individual numbers 500–999)."""
    for individual in range(start, 1000):
        nine = f"{day:02d}{month + 80:02d}{year % 100:02d}{individual:03d}"
        k1 = _check_digit(nine, _K1)
        if k1 is None:
            continue
        k2 = _check_digit(nine + str(k1), _K2)
        if k2 is None:
            continue
        return f"{nine}{k1}{k2}"
    raise ValueError("no number")


def csv_bytes(rows, header=HEADER) -> bytes:
    lines = [";".join(header)] + [";".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def student_row(number, first, last, birth, klass, guardian="", relation="", phone="", email="", address="", prot=""):
    day, month, year = (int(p) for p in birth.split("."))
    return [
        number,
        synthetic_fnr(day, month, year),
        first,
        last,
        birth,
        klass,
        guardian,
        relation,
        phone,
        email,
        address,
        prot,
    ]
