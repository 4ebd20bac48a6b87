"""Checking the register file's rows and turning them into the import's payload.

Three kinds of row (column «Type»; without the column every row is a student):
- **Elev**: a student; the «Foresatt …» columns on the same row add one guardian (one row per
  student–guardian pair, as Visma Flyt Skole's export has it — the student repeats on each row);
- **Foresatt**: a guardian in the per-person layout (IST Extens): «Elevnummer» or «Elevens
  fødselsnummer» says whose, the person's own columns (Fornavn, Etternavn, Fødselsnummer, Telefon,
  E-post, Adresse) are the guardian's;
- **Ansatt**: staff, matched by e-mail; «Kontaktlærer for» names their classes.

Every problem is reported with the file's line number in Norwegian; the payload holds no national
identity number, only its keyed hash (register_ids).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from . import register_ids
from .register_file import COLUMNS, map_header

TYPES = {
    "elev": "student",
    "elever": "student",
    "foresatt": "guardian",
    "foresatte": "guardian",
    "forelder": "guardian",
    "ansatt": "staff",
    "ansatte": "staff",
    "personale": "staff",
    "lærer": "staff",
    "tilsatt": "staff",
}
YES = {"ja", "j", "x", "1", "true", "sant", "fortrolig", "strengt fortrolig", "fortrolig adresse", "kode 6", "kode 7"}
NO = {"nei", "n", "0", "false", "usant", ""}
_GRADE_CLASS = re.compile(r"^(\d{1,2})\s*[-.]?\s*([A-ZÆØÅ]{0,3}\d?)$")
_VG_CLASS = re.compile(r"^VG\s*([1-3])\s*[-.]?\s*([A-ZÆØÅ0-9 ]{0,12})$")


@dataclass
class RowProblem:
    line: int
    messages: list[str]


@dataclass
class Checked:
    payload: dict = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


def class_key(name: str) -> str:
    """Class names compare without case, spaces and hyphens: «5 a», «5-A» and «5A» are one class."""
    return re.sub(r"[\s\-.]", "", name).upper()


def parse_class(name: str, grade_text: str) -> tuple[str, int] | str:
    """(display name, grade) or a Norwegian message. Names like 5A, 10B, VG1A or VG2 STA carry their
    grade; any other name needs the «Trinn» column."""
    display = " ".join(name.split()).upper()
    grade = None
    if grade_text:
        if not grade_text.isdigit() or not 1 <= int(grade_text) <= 13:
            return _("Ugyldig trinn «%(v)s» (1–13; VG1 er 11).") % {"v": grade_text}
        grade = int(grade_text)
    match = _GRADE_CLASS.match(display)
    vg = _VG_CLASS.match(display)
    from_name = None
    if match and 1 <= int(match.group(1)) <= 10:
        from_name = int(match.group(1))
    elif vg:
        from_name = 10 + int(vg.group(1))
    if from_name is None and grade is None:
        return _("Ukjent klasseformat «%(v)s»: bruk f.eks. 5A, 10B eller VG1A, eller fyll ut kolonnen «Trinn».") % {
            "v": name
        }
    if from_name is not None and grade is not None and from_name != grade:
        return _("Klassen «%(c)s» hører ikke til trinn %(g)s.") % {"c": name, "g": grade}
    if len(display) > 20:
        return _("Klassenavnet «%(v)s» er for langt (høyst 20 tegn).") % {"v": name[:30]}
    return display, grade or from_name


def parse_date(value: str) -> datetime.date | None:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


class _Checker:
    def __init__(self, school, header, existing_class_keys):
        self.school = school
        self.columns, self.unknown = map_header(header)
        self.existing_class_keys = set(existing_class_keys)
        self.students = {}  # identity ("n:…" / "r:…") → student record
        self.student_lines = {}  # identity → line of the row that defined it
        self.classes = {}
        self.staff = {}
        self.guardian_rows = []
        self.problems = {}

    def cell(self, cells, name) -> str:
        index = self.columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def problem(self, line, message):
        self.problems.setdefault(line, []).append(message)

    # ---------------------------------------------------------------- file-level
    def file_problems(self) -> list[str]:
        cols = self.columns
        problems = []
        if "first_name" not in cols and "name" not in cols:
            problems.append(_("Filen mangler kolonnene «Fornavn» og «Etternavn» (eller «Navn»)."))
        if "student_number" not in cols and "national_id" not in cols:
            problems.append(_("Filen mangler kolonnen «Elevnummer» eller «Fødselsnummer»."))
        if "class_name" not in cols:
            problems.append(_("Filen mangler kolonnen «Klasse»."))
        return problems

    # ---------------------------------------------------------------- rows
    def check(self, rows):
        for line, cells in rows:
            kind_text = self.cell(cells, "type").lower()
            kind = TYPES.get(kind_text) if kind_text else "student"
            if kind is None:
                self.problem(
                    line,
                    _("Ukjent type «%(v)s»: bruk Elev, Foresatt eller Ansatt.") % {"v": self.cell(cells, "type")},
                )
            elif kind == "student":
                self.student_row(line, cells)
            elif kind == "staff":
                self.staff_row(line, cells)
            else:
                self.guardian_rows.append((line, cells))
        for line, cells in self.guardian_rows:
            self.guardian_person_row(line, cells)
        self.check_contact_classes()

    def names(self, line, cells) -> tuple[str, str] | None:
        first, last = self.cell(cells, "first_name"), self.cell(cells, "last_name")
        if not (first or last) and self.cell(cells, "name"):
            full = self.cell(cells, "name")
            if "," in full:
                last, first = (p.strip() for p in full.split(",", 1))
            else:
                first, _sep, last = full.rpartition(" ")
        if not first or not last:
            self.problem(line, _("Navn mangler: både fornavn og etternavn må være fylt ut."))
            return None
        if len(first) > 100 or len(last) > 100:
            self.problem(line, _("Navnet er for langt (høyst 100 tegn for fornavn og for etternavn)."))
            return None
        return first, last

    def national_id(self, line, value, label) -> str | None:
        """The keyed hash of a valid number; '' when empty; None (and a problem) when invalid."""
        if not value:
            return ""
        number = register_ids.normalise_national_id(value)
        if number is None:
            self.problem(
                line, _("Ugyldig %(label)s: det må være 11 siffer med riktige kontrollsiffer.") % {"label": label}
            )
            return None
        return number

    def student_row(self, line, cells):
        names = self.names(line, cells)
        number = self.cell(cells, "student_number")
        nid = self.national_id(line, self.cell(cells, "national_id"), _("fødselsnummer"))
        if not number and nid == "":
            self.problem(line, _("Eleven mangler både elevnummer og fødselsnummer."))
        if len(number) > 40:
            self.problem(line, _("Elevnummeret er for langt (høyst 40 tegn)."))
        birth = self.birth_date(line, cells, nid)
        parsed = self.school_class(line, cells)
        guardian = self.pair_guardian(line, cells)
        if line in self.problems or names is None or nid is None or birth is None or parsed is None:
            return
        display, grade = parsed
        record = {
            "line": line,
            "register_key": register_ids.register_key(self.school.owner_id, number) if number else "",
            "national_id_key": register_ids.national_id_key(nid) if nid else "",
            "first_name": names[0],
            "last_name": names[1],
            "birth_date": birth.isoformat(),
            "class_key": class_key(display),
            "phone": self.cell(cells, "phone")[:30],
            "guardians": [],
        }
        ids = [i for i in (f"n:{record['national_id_key']}", f"r:{record['register_key']}") if len(i) > 2]
        earlier = next((self.students[i] for i in ids if i in self.students), None)
        if earlier is not None:
            same = all(earlier[k] == record[k] for k in ("first_name", "last_name", "birth_date", "class_key"))
            keys_agree = all(
                not earlier[k] or not record[k] or earlier[k] == record[k] for k in ("register_key", "national_id_key")
            )
            if not (same and keys_agree):
                self.problem(
                    line,
                    _("Samme elevnummer eller fødselsnummer står på linje %(line)s for en annen elev.")
                    % {"line": earlier["line"]},
                )
                return
            record = earlier
        else:
            for i in ids:
                self.students[i] = record
            self.classes.setdefault(record["class_key"], {"name": display, "grade": grade, "line": line})
        if self.classes[record["class_key"]]["grade"] != grade:
            self.problem(line, _("Klassen «%(c)s» har et annet trinn på en annen linje.") % {"c": display})
        if guardian:
            self.add_guardian(line, record, guardian)

    def birth_date(self, line, cells, nid) -> datetime.date | None:
        text = self.cell(cells, "birth_date")
        from_id = register_ids.national_id_birth_date(nid) if nid else None
        if not text:
            if from_id is None:
                self.problem(line, _("Fødselsdato mangler."))
            return from_id
        birth = parse_date(text)
        if birth is None:
            self.problem(line, _("Ugyldig fødselsdato «%(v)s» (bruk dd.mm.åååå).") % {"v": text[:30]})
            return None
        if birth > timezone.localdate() or birth.year < 1900:
            self.problem(line, _("Fødselsdatoen %(v)s er ikke mulig.") % {"v": text[:30]})
            return None
        if from_id is not None and from_id != birth:
            self.problem(line, _("Fødselsdatoen stemmer ikke med fødselsnummeret."))
            return None
        return birth

    def school_class(self, line, cells):
        name = self.cell(cells, "class_name")
        if not name:
            self.problem(line, _("Klasse mangler."))
            return None
        parsed = parse_class(name, self.cell(cells, "grade"))
        if isinstance(parsed, str):
            self.problem(line, parsed)
            return None
        return parsed

    def guardian_fields(self, line, cells, prefix) -> dict | None:
        """A guardian from the «Foresatt …» columns (prefix 'guardian_') or a person row (prefix '')."""
        if prefix:
            name = self.cell(cells, "guardian_name")
        else:
            names = self.names(line, cells)
            name = f"{names[0]} {names[1]}" if names else None
        if name is None:
            return None
        nid = self.national_id(line, self.cell(cells, f"{prefix}national_id"), _("fødselsnummer for foresatt"))
        email = self.cell(cells, f"{prefix}email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.problem(line, _("Ugyldig e-postadresse for foresatt «%(v)s».") % {"v": email[:60]})
        protected = self.cell(cells, "protected").lower()
        if protected not in YES | NO:
            self.problem(
                line,
                _("«Fortrolig adresse» må være ja eller nei, ikke «%(v)s».")
                % {"v": self.cell(cells, "protected")[:30]},
            )
        if nid is None or len(name) > 200:
            return None
        return {
            "line": line,
            "name": name,
            "national_id_key": register_ids.national_id_key(nid) if nid else "",
            "relation": self.cell(cells, "guardian_relation")[:50],
            "phone": self.cell(cells, f"{prefix}phone")[:30],
            "email": email[:254],
            "address": self.cell(cells, f"{prefix}address")[:300],
            "protected": protected in YES,
        }

    def pair_guardian(self, line, cells) -> dict | None:
        filled = any(
            self.cell(cells, c)
            for c in ("guardian_name", "guardian_national_id", "guardian_phone", "guardian_email", "guardian_address")
        )
        if not filled:
            return None
        if not self.cell(cells, "guardian_name"):
            self.problem(line, _("Foresatt mangler navn (kolonnen «Foresatt navn»)."))
            return None
        return self.guardian_fields(line, cells, "guardian_")

    def add_guardian(self, line, record, guardian):
        for other in record["guardians"]:
            same_id = guardian["national_id_key"] and other["national_id_key"] == guardian["national_id_key"]
            if same_id or (not guardian["national_id_key"] and other["name"].lower() == guardian["name"].lower()):
                self.problem(
                    line,
                    _("Den samme foresatte står allerede på linje %(line)s for denne eleven.")
                    % {"line": other["line"]},
                )
                return
        record["guardians"].append(guardian)

    def guardian_person_row(self, line, cells):
        number = self.cell(cells, "student_number")
        nid = self.national_id(line, self.cell(cells, "student_national_id"), _("fødselsnummer for eleven"))
        student = None
        if number:
            student = self.students.get(f"r:{register_ids.register_key(self.school.owner_id, number)}")
        elif nid:
            student = self.students.get(f"n:{register_ids.national_id_key(nid)}")
        elif nid == "":
            self.problem(
                line, _("Foresatt-raden sier ikke hvilken elev: fyll ut «Elevnummer» eller «Elevens fødselsnummer».")
            )
            return
        guardian = self.guardian_fields(line, cells, "")
        if student is None and nid is not None:
            self.problem(line, _("Fant ingen elev i filen med dette elevnummeret eller fødselsnummeret."))
        if student is not None and guardian is not None and line not in self.problems:
            self.add_guardian(line, student, guardian)

    def staff_row(self, line, cells):
        names = self.names(line, cells)
        email = self.cell(cells, "email").lower()
        if not email:
            self.problem(line, _("Ansatte må ha e-postadresse (kolonnen «E-post»)."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                self.problem(line, _("Ugyldig e-postadresse «%(v)s».") % {"v": email[:60]})
        if email in self.staff:
            self.problem(
                line, _("Samme e-postadresse står også på linje %(line)s.") % {"line": self.staff[email]["line"]}
            )
        classes = [c.strip() for c in re.split(r"[,;/]", self.cell(cells, "contact_for")) if c.strip()]
        if line in self.problems or names is None:
            return
        self.staff[email] = {
            "line": line,
            "email": email,
            "first_name": names[0],
            "last_name": names[1],
            "title": self.cell(cells, "title")[:100],
            "classes": [class_key(c) for c in classes],
            "class_names": classes,
        }

    def check_contact_classes(self):
        known = set(self.classes) | self.existing_class_keys
        for person in self.staff.values():
            for key, name in zip(person["classes"], person["class_names"], strict=True):
                if key not in known:
                    self.problem(
                        person["line"],
                        _("Kontaktlærer for «%(c)s», men klassen finnes ikke i filen eller på skolen.") % {"c": name},
                    )

    def payload(self) -> dict:
        unique = {id(r): r for r in self.students.values()}
        students = sorted(unique.values(), key=lambda r: r["line"])
        return {
            "students": students,
            "classes": {k: {"name": v["name"], "grade": v["grade"]} for k, v in self.classes.items()},
            "staff": sorted(
                ({k: v for k, v in s.items() if k != "class_names"} for s in self.staff.values()),
                key=lambda s: s["line"],
            ),
        }


def check_rows(*, school, rows, existing_class_keys=()) -> Checked:
    """Check every row of a read table (register_file.read_table) for one school."""
    (_line, header), body = rows[0], rows[1:]
    checker = _Checker(school, header, existing_class_keys)
    file_problems = checker.file_problems()
    if file_problems:
        return Checked(problems=[RowProblem(line=_line, messages=file_problems)], unknown_headers=checker.unknown)
    checker.check(body)
    problems = [RowProblem(line=line, messages=msgs) for line, msgs in sorted(checker.problems.items())]
    if not checker.students and not problems:
        problems = [RowProblem(line=_line, messages=[_("Filen har ingen elever.")])]
    return Checked(payload=checker.payload(), problems=problems, unknown_headers=checker.unknown)


def documented_columns() -> list[str]:
    return [label for label, _variants in COLUMNS.values()]
