"""The preview of a register import as rows for the page, with protected guardians' contact details
left out for anyone the school has not granted them (the disclosure policy's sections)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from laget.cases import disclosure


@dataclass
class GuardianLine:
    name: str
    relation: str
    contact: str
    protected: bool


def guardian_lines(access, school_id, records) -> list[GuardianLine]:
    sees_protected = disclosure.sections(access, school_id).protected_address
    lines = []
    for record in records:
        if not record["protected"] or sees_protected:
            contact = ", ".join(v for v in (record["phone"], record["email"], record["address"]) if v)
        else:
            contact = _("Fortrolig adresse: kontaktopplysningene vises ikke for deg.")
        lines.append(GuardianLine(record["name"], record["relation"], contact, record["protected"]))
    return lines


def preview_context(access, plan) -> dict:
    school_id = plan.school.pk
    created = [
        {
            "name": f"{c.record['last_name']}, {c.record['first_name']}",
            "birth_date": datetime.date.fromisoformat(c.record["birth_date"]),
            "class_name": c.new_class_name,
            "guardians": guardian_lines(access, school_id, c.guardians_new),
            "line": c.record["line"],
        }
        for c in plan.created
    ]
    guardian_work = [
        {
            "student": c.student,
            "new": guardian_lines(access, school_id, c.guardians_new),
            "changed": guardian_lines(access, school_id, [r for _g, r, _f in c.guardians_changed]),
        }
        for c in plan.student_changes
        if c.student is not None and (c.guardians_new or c.guardians_changed)
    ]
    return {
        "plan": plan,
        "counts": plan.counts(),
        "created": created,
        "guardian_work": guardian_work,
    }
