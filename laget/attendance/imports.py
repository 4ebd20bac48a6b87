"""CSV import of absence from the school's administrative system.

Columns (header names are matched loosely): elev-id or fødselsdato + navn, dato, timer,
dokumentert. Each row gets its own Norwegian error; nothing is stored unless the whole file is
valid, and a re-import of the same file changes nothing (one absence per student and day)."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Absence

HEADERS = {
    "student_id": {"elev-id", "elevid", "elev_id", "elevnr", "id"},
    "birth_date": {"fødselsdato", "fodselsdato", "født"},
    "name": {"navn", "elev", "elevnavn"},
    "date": {"dato", "fraværsdato"},
    "hours": {"timer", "antall timer"},
    "documented": {"dokumentert", "dok"},
}
YES = {"ja", "j", "x", "1", "true", "sant", "dokumentert"}
NO = {"nei", "n", "0", "false", "usant", "", "udokumentert"}
MAX_ROWS = 5000


@dataclass
class ImportRow:
    line: int
    raw: dict
    student: object = None
    date: datetime.date | None = None
    hours: Decimal | None = None
    kind: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[ImportRow]
    file_errors: list[str]

    @property
    def valid(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _columns(header: list[str]) -> dict:
    found = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        for column, names in HEADERS.items():
            if key in names and column not in found:
                found[column] = index
    return found


def parse(text: str, *, students) -> ImportResult:
    """Parse and validate; `students` is the queryset of students the user may register absence for."""
    sample = text[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))  # a lone \r ends a line
    lines = [row for row in lines if any(cell.strip() for cell in row)]
    if not lines:
        return ImportResult([], [_("Filen er tom.")])
    columns = _columns(lines[0])
    file_errors = []
    if "date" not in columns:
        file_errors.append(_("Filen mangler kolonnen «dato»."))
    if "student_id" not in columns and not {"birth_date", "name"} <= columns.keys():
        file_errors.append(_("Filen må ha kolonnen «elev-id», eller både «fødselsdato» og «navn»."))
    if len(lines) - 1 > MAX_ROWS:
        file_errors.append(_("Filen har for mange rader (høyst %(n)s).") % {"n": MAX_ROWS})
    if len(lines) == 1:
        file_errors.append(_("Filen har ingen rader under overskriften."))
    if file_errors:
        return ImportResult([], file_errors)
    index = _student_index(students)
    rows, seen = [], {}
    for line_no, cells in enumerate(lines[1:], start=2):
        raw = dict.fromkeys(HEADERS, "") | {
            col: (cells[i].strip() if i < len(cells) else "") for col, i in columns.items()
        }
        row = ImportRow(line=line_no, raw=raw)
        _validate(row, index)
        if row.student is not None and row.date is not None:
            key = (row.student.pk, row.date)
            if key in seen:
                row.errors.append(_("Samme elev og dato står også på linje %(line)s.") % {"line": seen[key]})
            seen[key] = line_no
        rows.append(row)
    return ImportResult(rows, [])


def _student_index(students) -> dict:
    by_id, by_birth = {}, {}
    for s in students:
        by_id[str(s.pk)] = s
        by_birth.setdefault(s.birth_date, []).append(s)
    return {"id": by_id, "birth": by_birth}


def _validate(row: ImportRow, index: dict) -> None:
    raw = row.raw
    not_found = _("Fant ingen elev du har tilgang til med disse opplysningene.")
    if raw.get("student_id"):
        row.student = index["id"].get(raw["student_id"])
        if row.student is None:
            row.errors.append(not_found)
    else:
        birth = _parse_date(raw.get("birth_date", ""))
        name = " ".join(raw.get("name", "").lower().replace(",", " ").split())
        if birth is None:
            row.errors.append(_("Ugyldig fødselsdato «%(v)s» (bruk dd.mm.åååå).") % {"v": raw.get("birth_date", "")})
        elif not name:
            row.errors.append(_("Navn mangler."))
        else:
            matches = [s for s in index["birth"].get(birth, []) if _name_matches(s, name)]
            if len(matches) == 1:
                row.student = matches[0]
            elif len(matches) > 1:
                row.errors.append(_("Flere elever har dette navnet og denne fødselsdatoen – bruk elev-id."))
            else:
                row.errors.append(not_found)
    row.date = _parse_date(raw.get("date", ""))
    if row.date is None:
        row.errors.append(_("Ugyldig dato «%(v)s» (bruk dd.mm.åååå).") % {"v": raw.get("date", "")})
    elif row.date > timezone.localdate():
        row.errors.append(_("Datoen %(v)s er fram i tid.") % {"v": raw["date"]})
    hours = raw.get("hours", "")
    if hours and hours.lower() not in {"hele dagen", "dag"}:
        try:
            row.hours = Decimal(hours.replace(",", "."))
        except InvalidOperation:
            row.errors.append(_("Ugyldig antall timer «%(v)s».") % {"v": hours})
        else:
            if not Decimal("0") < row.hours <= Decimal("24") or row.hours != row.hours.quantize(Decimal("0.1")):
                row.errors.append(_("Antall timer må være mellom 0 og 24, med høyst én desimal."))
                row.hours = None
    documented = raw.get("documented", "").lower()
    if documented in YES:
        row.kind = Absence.Kind.DOCUMENTED
    elif documented in NO:
        row.kind = Absence.Kind.UNDOCUMENTED
    else:
        row.errors.append(_("«Dokumentert» må være ja eller nei, ikke «%(v)s».") % {"v": raw.get("documented", "")})


def _name_matches(student, name: str) -> bool:
    first_last = " ".join(f"{student.first_name} {student.last_name}".lower().split())
    last_first = " ".join(f"{student.last_name} {student.first_name}".lower().split())
    return name in (first_last, last_first)


def absences_import(*, access, result: ImportResult) -> dict:
    """Store a validated file: all rows or none (one transaction), each through absence_register, so
    the threshold is checked as for a hand-registered absence. Returns counts per outcome."""
    from .services import absence_register

    if not result.valid:
        raise ValueError("only a valid file can be imported")
    counts = {"created": 0, "updated": 0, "unchanged": 0, "followups": 0}
    with transaction.atomic():
        for row in sorted(result.rows, key=lambda r: (r.date, r.line)):
            _, outcome, followup = absence_register(
                access=access,
                student=row.student,
                date=row.date,
                kind=row.kind,
                hours=row.hours,
                source=Absence.Source.IMPORT,
            )
            counts[outcome] += 1
            counts["followups"] += 1 if followup else 0
    return counts
