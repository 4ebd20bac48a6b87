"""What an import of the register would do to one school: the preview, and the list the import
carries out. Computed from the payload and the database each time, so the preview shows the truth
at the moment it is shown, and the confirmation can see whether anything moved on since.

Matching (idempotent re-import): a student is the same student when the national identity number's
key matches, else the register number's key, else — for students typed in before the first import —
the same first name, last name and birth date among the school's students without keys.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from laget.organisations.models import Staff

from .models import Guardian, SchoolClass, Student
from .register_rows import class_key

User = get_user_model()

STUDENT_FIELDS = {
    "first_name": _("fornavn"),
    "last_name": _("etternavn"),
    "birth_date": _("fødselsdato"),
    "phone": _("telefon"),
}
GUARDIAN_FIELDS = ("name", "relation", "phone", "email", "address", "protected")


@dataclass
class StudentChange:
    record: dict
    student: Student | None = None
    changes: list = field(default_factory=list)  # (label, old, new)
    old_class: SchoolClass | None = None
    new_class_name: str = ""
    returned: bool = False
    guardians_new: list = field(default_factory=list)  # guardian records
    guardians_changed: list = field(default_factory=list)  # (Guardian, record, [field names])


@dataclass
class StaffChange:
    record: dict
    user: object = None
    new_user: bool = False
    new_staff: bool = False
    changes: list = field(default_factory=list)


@dataclass
class Plan:
    school: object
    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    left: list = field(default_factory=list)
    unchanged: int = 0
    classes_new: list = field(default_factory=list)  # (key, name, grade)
    classes_changed: list = field(default_factory=list)  # (SchoolClass, new grade)
    staff: list = field(default_factory=list)  # StaffChange with something to do
    staff_unchanged: int = 0
    contact_teachers: list = field(default_factory=list)  # (class key, class name, [old users], [new emails])
    matches: dict = field(default_factory=dict)  # record line → Student
    guardian_changes: list = field(default_factory=list)  # StudentChange with only guardian work

    @property
    def guardians_new(self) -> int:
        return sum(len(c.guardians_new) for c in self.student_changes)

    @property
    def guardians_changed(self) -> int:
        return sum(len(c.guardians_changed) for c in self.student_changes)

    @property
    def student_changes(self):
        seen = {}
        for c in [*self.created, *self.changed, *self.moved, *self.guardian_changes]:
            seen[id(c)] = c
        return list(seen.values())

    @property
    def is_empty(self) -> bool:
        return not (
            self.created
            or self.changed
            or self.moved
            or self.left
            or self.classes_new
            or self.classes_changed
            or self.staff
            or self.contact_teachers
            or self.guardian_changes
        )

    def counts(self) -> dict:
        return {
            "created": len(self.created),
            "changed": len(self.changed),
            "moved": len(self.moved),
            "left": len(self.left),
            "unchanged": self.unchanged,
            "guardians_new": self.guardians_new,
            "guardians_changed": self.guardians_changed,
            "classes_new": len(self.classes_new),
            "staff": len(self.staff),
            "contact_teachers": len(self.contact_teachers),
        }

    def fingerprint(self) -> str:
        """A digest of everything the import would write; the confirmation refuses if it changed."""
        parts = [
            [(c.record["line"], c.student.pk if c.student else None) for c in self.student_changes],
            [(c.record["line"], c.changes, c.new_class_name, c.returned) for c in self.student_changes],
            [(len(c.guardians_new), [(g.pk, f) for g, _r, f in c.guardians_changed]) for c in self.student_changes],
            sorted(s.pk for s in self.left),
            self.classes_new,
            [(k.pk, g) for k, g in self.classes_changed],
            [(s.record["email"], s.new_user, s.new_staff, s.changes) for s in self.staff],
            [(k, sorted(u.pk for u in old), new) for k, _n, old, new in self.contact_teachers],
        ]
        return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def build_plan(*, school, payload: dict) -> Plan:
    plan = Plan(school=school)
    classes = {class_key(c.name): c for c in SchoolClass.objects.filter(school=school)}
    for key, spec in sorted(payload.get("classes", {}).items()):
        existing = classes.get(key)
        if existing is None:
            plan.classes_new.append((key, spec["name"], spec["grade"]))
        elif existing.grade != spec["grade"]:
            plan.classes_changed.append((existing, spec["grade"]))
    students = list(Student.objects.filter(school=school).select_related("school_class").prefetch_related("guardians"))
    matched, index = set(), _Index(students)
    for record in payload.get("students", []):
        student = index.find(record, matched)
        if student is not None:
            matched.add(student.pk)
        _plan_student(plan, record, student, classes, payload)
    plan.left = [s for s in students if s.pk not in matched and s.left_on is None]
    plan.left.sort(key=lambda s: (s.school_class.grade, s.school_class.name, s.last_name, s.first_name))
    _plan_staff(plan, school, payload.get("staff", []), classes)
    return plan


class _Index:
    """The school's students by each matching key, so a file of hundreds of students matches in one pass."""

    def __init__(self, students):
        self.by = {"national_id_key": {}, "register_key": {}, "name": {}}
        for s in students:
            for key in ("national_id_key", "register_key"):
                if getattr(s, key):
                    self.by[key].setdefault(getattr(s, key), []).append(s)
            if not s.register_key and not s.national_id_key:
                name = (s.birth_date, s.first_name.lower(), s.last_name.lower())
                self.by["name"].setdefault(name, []).append(s)

    def find(self, record, matched) -> Student | None:
        birth = datetime.date.fromisoformat(record["birth_date"])
        lookups = [("national_id_key", record["national_id_key"]), ("register_key", record["register_key"])]
        lookups.append(("name", (birth, record["first_name"].lower(), record["last_name"].lower())))
        for kind, value in lookups:
            if value:
                found = next((s for s in self.by[kind].get(value, []) if s.pk not in matched), None)
                if found is not None:
                    return found
        return None


def _plan_student(plan, record, student, classes, payload):
    change = StudentChange(record=record, student=student)
    new_class = classes.get(record["class_key"])
    change.new_class_name = payload["classes"][record["class_key"]]["name"]
    if student is None:
        change.guardians_new = list(record["guardians"])
        plan.created.append(change)
        return
    for name, label in STUDENT_FIELDS.items():
        old = getattr(student, name)
        old = old.isoformat() if isinstance(old, datetime.date) else old
        if str(old) != str(record[name]):
            change.changes.append((str(label), str(old), str(record[name])))
    for key in ("register_key", "national_id_key"):
        if record[key] and getattr(student, key) != record[key]:
            change.changes.append((_("nøkkel fra elevregisteret"), "", ""))
            break
    change.returned = student.left_on is not None
    _plan_guardians(change, student, record["guardians"])
    if new_class is None or new_class.pk != student.school_class_id:
        change.old_class = student.school_class
        plan.moved.append(change)
    if change.changes or change.returned:
        plan.changed.append(change)
    if change.old_class is None and not change.changes and not change.returned:
        if change.guardians_new or change.guardians_changed:
            plan.guardian_changes.append(change)
        else:
            plan.unchanged += 1
    plan.matches[record["line"]] = student


def _plan_guardians(change, student, records):
    existing = list(student.guardians.all())
    used = set()
    for record in records:
        guardian = None
        if record["national_id_key"]:
            guardian = next((g for g in existing if g.national_id_key == record["national_id_key"]), None)
        if guardian is None:
            guardian = next(
                (g for g in existing if g.pk not in used and g.name.lower() == record["name"].lower()), None
            )
        if guardian is None:
            change.guardians_new.append(record)
            continue
        used.add(guardian.pk)
        fields = [f for f in GUARDIAN_FIELDS if _guardian_value(guardian, f) != record[f]]
        if record["national_id_key"] and guardian.national_id_key != record["national_id_key"]:
            fields.append("national_id_key")
        if fields:
            change.guardians_changed.append((guardian, record, fields))


def _guardian_value(guardian: Guardian, name):
    return guardian.protected_address if name == "protected" else getattr(guardian, name)


def _plan_staff(plan, school, records, classes):
    emails = [r["email"] for r in records]
    users = {}
    for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails).order_by("pk"):
        users.setdefault(user.email.lower(), user)
    staff_rows = {s.user_id: s for s in Staff.objects.filter(school=school)}
    wanted = {}
    for record in records:
        user = users.get(record["email"])
        change = StaffChange(record=record, user=user, new_user=user is None)
        if user is not None:
            change.new_staff = user.pk not in staff_rows
            for name, label in (("first_name", _("fornavn")), ("last_name", _("etternavn"))):
                if getattr(user, name) != record[name]:
                    change.changes.append((str(label), getattr(user, name), record[name]))
            row = staff_rows.get(user.pk)
            if row is not None and record["title"] and row.title != record["title"]:
                change.changes.append((str(_("stilling")), row.title, record["title"]))
        else:
            change.new_staff = True
        if change.new_user or change.new_staff or change.changes:
            plan.staff.append(change)
        else:
            plan.staff_unchanged += 1
        for key in record["classes"]:
            wanted.setdefault(key, []).append(record["email"])
    for key, new_emails in sorted(wanted.items()):
        school_class = classes.get(key)
        old = list(school_class.contact_teachers.all()) if school_class else []
        if sorted(u.email.lower() for u in old) != sorted(new_emails):
            name = school_class.name if school_class else next(n for k, n, _g in plan.classes_new if k == key)
            plan.contact_teachers.append((key, name, old, sorted(new_emails)))
