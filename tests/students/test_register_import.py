"""The import from the school's register: bad rows with line numbers, all or nothing, idempotent
re-import, moved and left students, guardians (pair and per-person layouts), staff and contact
teachers, and no national identity number stored in clear."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from register_helpers import HEADER, csv_bytes, student_row, synthetic_fnr, xlsx_bytes

from laget.audit.models import AccessLogEntry
from laget.organisations.access import Access
from laget.organisations.models import Staff
from laget.students import register_ids
from laget.students.models import Guardian, RegisterImport, SchoolClass, Student
from laget.students.register_file import FileError
from laget.students.register_plan import build_plan
from laget.students.services import register_import_apply, register_import_upload

pytestmark = pytest.mark.django_db

ROWS = [
    student_row("1001", "Ola", "Nordmann", "01.03.2015", "5A", "Mona Nordmann", "Mor", "41234567", "mona@hjem.test"),
    student_row("1001", "Ola", "Nordmann", "01.03.2015", "5A", "Jon Nordmann", "Far", "99999999"),
    student_row("1002", "Eva", "Lie", "14.07.2015", "5A", "Siv Lie", "Mor", "", "", "Skjult vei 1", "Ja"),
    student_row("1003", "Ali", "Khan", "30.11.2014", "6B"),
]


def upload(world, data, filename="elever.csv", user=None):
    return register_import_upload(access=Access(user or world.lead), school=world.school, data=data, filename=filename)


def apply(world, register_import, user=None):
    plan = build_plan(school=world.school, payload=register_import.payload)
    return register_import_apply(
        access=Access(user or world.lead), register_import=register_import, fingerprint=plan.fingerprint()
    )


def import_rows(world, rows, header=HEADER):
    register_import, checked = upload(world, csv_bytes(rows, header))
    assert checked.valid, checked.problems
    return apply(world, register_import)


def problems_by_line(checked) -> dict:
    return {p.line: " ".join(p.messages) for p in checked.problems}


def test_each_kind_of_bad_row_is_named_with_its_line_and_nothing_is_stored(world):
    header = [*HEADER, "Type", "E-post", "Kontaktlærer for", "Trinn"]
    good = student_row("1001", "Ola", "Nordmann", "01.03.2015", "5A")
    rows = [
        [*good, "Elev", "", "", ""],  # line 2: fine
        student_row("1002", "Eva", "Lie", "14.07.2015", "5A")[:4] + ["31.02.2015", "5A"] + [""] * 6 + ["", "", "", ""],
        ["1003", "", "", "Khan", "30.11.2014", "6B"] + [""] * 6 + ["", "", "", ""],  # line 4: first name missing
        [*student_row("1004", "Per", "Berg", "02.02.2015", "Blå")[:12], "", "", "", ""],  # line 5: unknown class
        [*student_row("1001", "Kari", "Annen", "05.05.2015", "5A"), "", "", "", ""],  # line 6: duplicate id
        ["1005", "12345678901", "Lise", "Holm", "01.01.2015", "5A"] + [""] * 6 + ["", "", "", ""],  # line 7
        ["1006", "", "Tor", "Lund", "01.01.2015", "5A"] + [""] * 6 + ["Vaktmester", "", "", ""],  # line 8
        [
            *student_row("1007", "Ida", "Moe", "03.03.2015", "5A", "Siv Moe", "Mor", "", "", "", "kanskje"),
            "",
            "",
            "",
            "",
        ],  # line 9
        ["1008", synthetic_fnr(4, 4, 2015), "Ina", "Vik", "05.04.2015", "5A"] + [""] * 6 + ["", "", "", ""],
        ["", "", "Anne", "Lærer", "", ""] + [""] * 6 + ["Ansatt", "", "", ""],  # line 11: staff without e-mail
        ["", "", "Bo", "Lærer", "", ""] + [""] * 6 + ["Ansatt", "bo@skole.test", "9Z", ""],  # line 12
        ["1009", "", "Ulf", "Ny", "01.01.2015", "5A"] + [""] * 6 + ["", "", "", "7"],  # line 13: grade mismatch
        ["", "", "", "", "", ""] + [""] * 6 + ["", "", "", ""],  # an empty line is skipped, not an error
        ["", "", "Uten", "Id", "01.01.2015", "5A"] + [""] * 6 + ["", "", "", ""],  # line 15: no id
    ]
    students_before = Student.objects.count()

    register_import, checked = upload(world, csv_bytes(rows, header))

    found = problems_by_line(checked)
    assert register_import is None
    assert not checked.valid
    assert 2 not in found
    assert "Ugyldig fødselsdato «31.02.2015»" in found[3]
    assert "Navn mangler" in found[4]
    assert "Ukjent klasseformat «Blå»" in found[5]
    assert "linje 2 for en annen elev" in found[6]
    assert "Ugyldig fødselsnummer" in found[7]
    assert "Ukjent type «Vaktmester»" in found[8]
    assert "«Fortrolig adresse» må være ja eller nei" in found[9]
    assert "stemmer ikke med fødselsnummeret" in found[10]
    assert "Ansatte må ha e-postadresse" in found[11]
    assert "klassen finnes ikke" in found[12]
    assert "hører ikke til trinn 7" in found[13]
    assert 14 not in found
    assert "mangler både elevnummer og fødselsnummer" in found[15]
    assert Student.objects.count() == students_before
    assert not RegisterImport.objects.exists()


def test_a_file_without_the_needed_columns_says_which(world):
    _imp, checked = upload(world, csv_bytes([["Ola", "5A"]], ["Navn", "Gruppe X"]))

    assert checked.problems[0].line == 1
    assert "Elevnummer" in " ".join(checked.problems[0].messages)


def test_unreadable_files_are_refused_in_norwegian(world):
    with pytest.raises(FileError, match="tom"):
        upload(world, b"  \n")
    with pytest.raises(FileError, match="gyldig Excel-fil"):
        upload(world, b"not a workbook", filename="elever.xlsx")
    with pytest.raises(FileError, match="gyldig Excel-fil"):
        upload(world, b"PK\x03\x04broken zip", filename="elever.xlsx")


def test_import_creates_students_guardians_and_classes_and_logs_it(world):
    counts = import_rows(world, ROWS)

    eva = Student.objects.get(school=world.school, first_name="Eva")
    ali = Student.objects.get(school=world.school, first_name="Ali")
    assert counts["created"] == 2  # Ola was typed in before: matched (see below)
    assert eva.school_class == world.class_5a
    assert eva.birth_date == datetime.date(2015, 7, 14)
    assert ali.school_class.name == "6B"
    assert ali.school_class.grade == 6
    assert SchoolClass.objects.filter(school=world.school, name="6B").count() == 1
    siv = Guardian.objects.get(student=eva)
    assert siv.protected_address
    assert siv.address == "Skjult vei 1"
    logged = AccessLogEntry.objects.filter(action="student.import", school_id=world.school.pk)
    assert set(logged.values_list("student_id", flat=True)) >= {eva.pk, ali.pk}
    assert AccessLogEntry.objects.filter(action="register.import", user_id=world.lead.pk).count() == 1


def test_the_student_typed_in_before_is_matched_not_duplicated(world):
    import_rows(world, ROWS)

    ola = Student.objects.filter(school=world.school, first_name="Ola", last_name="Nordmann")
    assert list(ola) == [world.student]
    world.student.refresh_from_db()
    assert world.student.register_key == register_ids.register_key(world.owner.pk, "1001")
    # her guardians were there already (typed in): matched by name, given the file's details
    assert world.student.guardians.count() == 2
    assert world.student.guardians.get(name="Mona Nordmann").phone == "41234567"


def test_reimport_of_the_same_file_changes_nothing(world):
    import_rows(world, ROWS)
    students = {s.pk: (s.first_name, s.school_class_id, s.left_on) for s in Student.objects.all()}
    guardians = Guardian.objects.count()
    logged = AccessLogEntry.objects.filter(action="student.import").count()

    register_import, _checked = upload(world, csv_bytes(ROWS))
    plan = build_plan(school=world.school, payload=register_import.payload)
    counts = apply(world, register_import)

    assert plan.is_empty
    assert {k: v for k, v in counts.items() if k != "unchanged"} == dict.fromkeys(counts.keys() - {"unchanged"}, 0)
    assert counts["unchanged"] == 3
    assert {s.pk: (s.first_name, s.school_class_id, s.left_on) for s in Student.objects.all()} == students
    assert Guardian.objects.count() == guardians
    assert AccessLogEntry.objects.filter(action="student.import").count() == logged


def test_the_same_file_as_excel_gives_the_same_import(world):
    csv_import, _c = upload(world, csv_bytes(ROWS))
    csv_payload = csv_import.payload

    xlsx_import, checked = upload(world, xlsx_bytes(ROWS), filename="elever.xlsx")

    assert checked.valid
    assert xlsx_import.payload == csv_payload
    csv_import.refresh_from_db()
    assert csv_import.status == RegisterImport.Status.DISCARDED
    assert csv_import.payload == {}


def test_moved_left_and_returned_students_are_detected(world):
    import_rows(world, ROWS)
    moved_rows = [
        student_row("1001", "Ola", "Nordmann", "01.03.2015", "6B"),
        student_row("1003", "Ali", "Khan", "30.11.2014", "6B"),
    ]
    register_import, _c = upload(world, csv_bytes(moved_rows))

    plan = build_plan(school=world.school, payload=register_import.payload)

    assert [c.student for c in plan.moved] == [world.student]
    assert plan.moved[0].old_class == world.class_5a
    assert plan.moved[0].new_class_name == "6B"
    assert [s.first_name for s in plan.left] == ["Eva"]  # Kari (typed in) left at the first import already
    assert Student.objects.get(pk=world.student2.pk).left_on is not None
    apply(world, register_import)
    eva = Student.objects.get(first_name="Eva")
    assert eva.left_on == datetime.date.today()  # marked as left, not deleted
    assert Guardian.objects.filter(student=eva).exists()

    back, _c = upload(world, csv_bytes(ROWS))
    plan = build_plan(school=world.school, payload=back.payload)
    assert [c.student.first_name for c in plan.changed if c.returned] == ["Eva"]
    apply(world, back)
    eva.refresh_from_db()
    assert eva.left_on is None


def test_confirming_after_the_data_changed_is_refused_and_writes_nothing(world):
    register_import, _c = upload(world, csv_bytes(ROWS))
    fingerprint = build_plan(school=world.school, payload=register_import.payload).fingerprint()
    Student.objects.create(
        school=world.school,
        first_name="Ny",
        last_name="Elev",
        birth_date=datetime.date(2015, 1, 1),
        school_class=world.class_5a,
    )
    count = Student.objects.count()

    with pytest.raises(ValidationError, match="endret siden forhåndsvisningen"):
        register_import_apply(access=Access(world.lead), register_import=register_import, fingerprint=fingerprint)

    assert Student.objects.count() == count
    assert not Student.objects.filter(first_name="Eva").exists()
    register_import.refresh_from_db()
    assert register_import.status == RegisterImport.Status.PENDING


def test_an_applied_import_cannot_be_applied_twice(world):
    register_import, _c = upload(world, csv_bytes(ROWS))
    apply(world, register_import)
    register_import.refresh_from_db()

    with pytest.raises(ValidationError, match="allerede gjennomført"):
        register_import_apply(access=Access(world.lead), register_import=register_import, fingerprint="x")


def test_no_national_identity_number_is_stored_in_clear(world):
    fnr = ROWS[2][1]
    register_import, _c = upload(world, csv_bytes(ROWS))

    assert fnr not in str(register_import.payload)
    apply(world, register_import)

    eva = Student.objects.get(first_name="Eva")
    assert eva.national_id_key == register_ids.national_id_key(fnr)
    assert fnr not in eva.national_id_key
    for model in (Student, Guardian, RegisterImport):
        for values in model.objects.values():
            assert fnr not in str(values)
    assert not any(fnr in (e.detail or "") for e in AccessLogEntry.objects.all())


def test_per_person_layout_with_a_type_column(world):
    header = ["Type", "Elevnummer", "Fødselsnummer", "Fornavn", "Etternavn", "Fødselsdato", "Klasse"]
    header += ["Telefon", "E-post", "Adresse", "Fortrolig adresse", "Stilling", "Kontaktlærer for"]
    rows = [
        ["Elev", "2001", "", "Nora", "Dahl", "02.02.2015", "5A", "", "", "", "", "", ""],
        ["Foresatt", "2001", "", "Anne", "Dahl", "", "", "45454545", "anne@hjem.test", "Skjult 2", "ja", "", ""],
        ["Ansatt", "", "", "Kari", "Kontakt", "", "", "", "Kari.Kontakt@Skole.test", "", "", "Lærer", "5A, 6B"],
        ["Elev", "2002", "", "Odd", "Dahl", "03.03.2014", "6B", "", "", "", "", "", ""],
    ]

    counts = import_rows(world, rows, header)

    nora = Student.objects.get(first_name="Nora")
    anne = nora.guardians.get()
    assert (anne.name, anne.phone, anne.protected_address) == ("Anne Dahl", "45454545", True)
    staff = Staff.objects.get(school=world.school, user__email="kari.kontakt@skole.test")
    assert staff.title == "Lærer"
    assert not staff.user.has_usable_password()
    assert list(world.class_5a.contact_teachers.all()) == [staff.user]  # the file's teacher replaces the old one
    assert list(SchoolClass.objects.get(name="6B").contact_teachers.all()) == [staff.user]
    assert counts["staff"] == 1
    assert counts["contact_teachers"] == 2
    again, _c = upload(world, csv_bytes(rows, header))
    assert build_plan(school=world.school, payload=again.payload).is_empty


def test_header_variants_are_accepted(world):
    header = [
        "Elev-ID",
        "FNR",
        "Elevens fornavn",
        "Elevens etternavn",
        "Født",
        "Basisgruppe",
        "Foresatt",
        "Mobil foresatt",
    ]
    rows = [["3001", "", "Siri", "Berg", "1.9.2014", "6b", "Leif Berg", "98765432"]]

    counts = import_rows(world, rows, header)

    siri = Student.objects.get(first_name="Siri")
    assert counts["created"] == 1
    assert siri.school_class.name == "6B"
    assert siri.guardians.get().phone == "98765432"
