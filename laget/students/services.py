"""Writes on students: the import from the school's register (Visma Flyt Skole, IST Extens …)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.audit.services import access_log_write_many
from laget.organisations.models import Staff

from .models import Guardian, RegisterImport, SchoolClass, Student
from .register_file import read_table
from .register_plan import build_plan
from .register_rows import check_rows, class_key

User = get_user_model()


def register_import_upload(*, access, school, data: bytes, filename: str):
    """Read and check an uploaded register file for one school (the caller checked the user may).

    All or nothing: a file with any bad row stores nothing and returns its problems with line
    numbers. A valid file is kept (identity numbers as keyed hashes only) for the preview, replacing
    the school's earlier unconfirmed upload. Returns (RegisterImport or None, Checked); a file that
    cannot be read at all raises register_file.FileError with a Norwegian message."""
    rows = read_table(data, filename)
    existing = [class_key(n) for n in SchoolClass.objects.filter(school=school).values_list("name", flat=True)]
    checked = check_rows(school=school, rows=rows, existing_class_keys=existing)
    if not checked.valid:
        return None, checked
    with transaction.atomic():
        RegisterImport.objects.filter(school=school, status=RegisterImport.Status.PENDING).update(
            status=RegisterImport.Status.DISCARDED, payload={}
        )
        register_import = RegisterImport.objects.create(
            school=school, uploaded_by=access.user, filename=filename[:200], payload=checked.payload
        )
    return register_import, checked


def register_import_apply(*, access, register_import: RegisterImport, fingerprint: str) -> dict:
    """Carry out a previewed import in one transaction, or nothing.

    Refuses when the school's data changed since the preview (the plan's fingerprint differs), so
    the lead confirms exactly what they saw. Students missing from the file are marked as left
    (never deleted: their cases and the access log point at them). Every student created or changed
    gets an access-log row, and the import one more with the counts."""
    if register_import.status != RegisterImport.Status.PENDING:
        raise ValidationError(_("Denne importen er allerede gjennomført eller erstattet av en nyere fil."))
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().get(pk=register_import.pk)
        if locked.status != RegisterImport.Status.PENDING:
            raise ValidationError(_("Denne importen er allerede gjennomført eller erstattet av en nyere fil."))
        school = locked.school
        plan = build_plan(school=school, payload=locked.payload)
        if plan.fingerprint() != fingerprint:
            raise ValidationError(
                _("Elevdataene er endret siden forhåndsvisningen. Se over den nye forhåndsvisningen og bekreft igjen.")
            )
        classes = _apply_classes(plan, school)
        touched = _apply_students(plan, school, classes)
        today = timezone.localdate()
        for student in plan.left:
            student.left_on = today
            student.save(update_fields=["left_on"])
            touched.append(student.pk)
        _apply_staff(plan, school, classes)
        counts = plan.counts()
        role = access.role_label(school.pk)
        detail = _("Fil: %(f)s") % {"f": locked.filename}
        access_log_write_many(
            user=access.user,
            action="student.import",
            school_id=school.pk,
            rows=[(pk, None) for pk in touched],
            role=role,
            detail=detail,
        )
        access_log_write_many(
            user=access.user,
            action="register.import",
            school_id=school.pk,
            rows=[(None, locked)],
            role=role,
            detail=f"{detail}; " + ", ".join(f"{k}={v}" for k, v in counts.items()),
        )
        locked.status = RegisterImport.Status.APPLIED
        locked.payload = {}
        locked.summary = counts
        locked.applied_at = timezone.now()
        locked.save(update_fields=["status", "payload", "summary", "applied_at"])
    return counts


def _apply_classes(plan, school) -> dict:
    classes = {class_key(c.name): c for c in SchoolClass.objects.filter(school=school)}
    for key, name, grade in plan.classes_new:
        classes[key] = SchoolClass.objects.create(school=school, name=name, grade=grade)
    for school_class, grade in plan.classes_changed:
        school_class.grade = grade
        school_class.save(update_fields=["grade"])
    return classes


def _apply_students(plan, school, classes) -> list[int]:
    touched = []
    for change in plan.student_changes:
        record = change.record
        student = change.student or Student(school=school)
        for name in ("first_name", "last_name", "birth_date", "phone"):
            setattr(student, name, record[name])
        for key in ("register_key", "national_id_key"):
            if record[key]:
                setattr(student, key, record[key])
        student.school_class = classes[record["class_key"]]
        student.left_on = None
        student.full_clean(exclude=["school", "school_class"])
        student.save()
        for guardian in change.guardians_new:
            Guardian.objects.create(student=student, **_guardian_fields(guardian))
        for guardian, guardian_record, _fields in change.guardians_changed:
            for name, value in _guardian_fields(guardian_record).items():
                if name != "national_id_key" or value:
                    setattr(guardian, name, value)
            guardian.save()
        touched.append(student.pk)
    return touched


def _guardian_fields(record) -> dict:
    return {
        "name": record["name"],
        "relation": record["relation"],
        "phone": record["phone"],
        "email": record["email"],
        "address": record["address"],
        "protected_address": record["protected"],
        "national_id_key": record["national_id_key"],
    }


def _apply_staff(plan, school, classes):
    by_email = {}
    for change in plan.staff:
        record = change.record
        user = change.user
        if user is None:
            user = User(username=_free_username(record["email"]), email=record["email"])
            user.set_unusable_password()  # Feide or a password reset e-mail gives them a way in
        user.first_name, user.last_name = record["first_name"], record["last_name"]
        user.save()
        staff, created = Staff.objects.get_or_create(user=user, school=school, defaults={"title": record["title"]})
        if not created and record["title"] and staff.title != record["title"]:
            staff.title = record["title"]
            staff.save(update_fields=["title"])
        by_email[record["email"]] = user
    for key, _name, _old, emails in plan.contact_teachers:
        missing = [e for e in emails if e not in by_email]
        if missing:
            found = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=missing).order_by("pk")
            for user in found:
                by_email.setdefault(user.email.lower(), user)
        classes[key].contact_teachers.set([by_email[e] for e in emails])


def _free_username(email: str) -> str:
    base = email.lower()[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def class_contact_teachers_set(*, access, school_class: SchoolClass, teachers) -> None:
    """Set a class's contact teachers (the lead of the school's team): they see the class's students
    (need-to-know, rule 1). Only staff of the school can be contact teachers."""
    school_id = school_class.school_id
    if not access.leads(school_id):
        raise ValidationError(_("Bare lederen av ressursteamet kan sette kontaktlærere."))
    teachers = list(teachers)
    staff_ids = set(Staff.objects.filter(school_id=school_id).values_list("user_id", flat=True))
    if any(t.pk not in staff_ids for t in teachers):
        raise ValidationError({"teachers": _("Kontaktlærere må være ansatt ved skolen.")})
    with transaction.atomic():
        school_class.contact_teachers.set(teachers)
        access.log(
            action="class.contact_teachers",
            school_id=school_id,
            obj=school_class,
            detail=", ".join(sorted(t.username for t in teachers)),
        )
