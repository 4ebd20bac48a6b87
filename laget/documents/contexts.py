"""What each document shows, decided in one place so the anonymity rules hold for all of them.

The disclosure policy decides (laget.cases.disclosure, `document_viewer`): a student (and their
guardians) is named in a document only when the case has valid consent for team discussion and
the reader may know the child. Otherwise the case is "Anonym sak 12 (5. trinn)", the birth date
is left blank, and the student's and guardians' names are blanked out of free text and file
names. Guardians with a protected address (fortrolig adresse) have contact details printed only
for roles with `sees_protected_address`; restricted sections (HealthNote) are never read here.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases import disclosure
from laget.cases.categories import challenge_choices
from laget.cases.models import Case, Consent, ConsentScope, Kind
from laget.meetings.models import AgendaItem, Attendance
from laget.organisations.models import Membership


def person_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def checks(selected, *, school=None, exclude=()) -> list[tuple[str, bool]]:
    """The school's routine categories (laget.routines) as checkboxes, stored codes included."""
    choices = challenge_choices(school, selected)
    selected = set(selected or [])
    return [(str(label), code in selected) for code, label in choices if code not in exclude]


def _student_fields(case, student, *, named: bool) -> dict:
    if student is None:
        return {"student_label": "", "birth_date": None, "grade": None, "class_name": ""}
    if named:
        label = student.full_name
    elif case is not None:
        label = disclosure.anonymous_label(case)
    else:
        label = _("Anonym elev (%(grade)s. trinn)") % {"grade": student.grade}
    return {
        "student_label": label,
        "birth_date": student.birth_date if named else None,
        "grade": student.grade,
        "class_name": student.school_class.name if named else "",
    }


def referral_context(referral, *, viewer) -> dict:
    case = referral.case
    student = referral.student
    named = case is not None and student is not None and disclosure.identity_shown(viewer, case)
    redact = _redactor(student, named=named)
    team_consents = [c for c in (case.consents.all() if case else []) if ConsentScope.TEAM in (c.scopes or [])]
    latest_consent = max(team_consents, key=lambda c: (c.date, c.pk), default=None)
    challenges = checks(referral.challenges, school=referral.school)
    return {
        "school": referral.school,
        "referral": referral,
        "case": case,
        "is_system": referral.kind == Kind.SYSTEM,
        "named": named,
        **_student_fields(case, student, named=named),
        "consent_yes": named,
        "consent_date": latest_consent.date if latest_consent else None,
        "challenges": challenges,
        "challenge_other": redact(referral.challenge_other),
        "social_description": redact(referral.social_description),
        "working_methods": redact(referral.working_methods),
        "mapping_results": redact(referral.mapping_results),
        "strengths": redact(referral.strengths),
        "learning_environment": redact(referral.learning_environment),
        "title": redact(referral.title),
        "tried_measures": [
            {"measure": redact(m.measure), "period": redact(m.period), "assessment": redact(m.assessment)}
            for m in referral.tried_measures.all()
        ],
        "attachments": [redact(a.name) for a in referral.attachments.all()],
        "author_name": person_name(referral.author),
    }


def _redactor(student, *, named: bool):
    if named or student is None:
        return disclosure.SHOW_ALL
    return lambda text: disclosure.redact_names(text, student)


def _agenda_item(item, number: str, named_by_case: dict, viewer) -> dict:
    case = disclosure.item_case(item)
    if case is None:
        return {
            "number": number,
            "title": item.title or item.get_kind_display(),
            "description": item.description,
            "kind": item.get_kind_display(),
            "preparer": person_name(item.preparer),
            "minutes": item.minutes,
            "case_student_id": None,
        }
    if case.pk not in named_by_case:
        named_by_case[case.pk] = disclosure.identity_shown(viewer, case)
    named = named_by_case[case.pk]
    redact = _redactor(case.student, named=named)
    label = disclosure.named_label(case) if named else disclosure.anonymous_label(case)
    detail = item.title if item.title and item.title != label else ""
    if item.measure_id and not detail:
        detail = item.measure.description
    return {
        "number": number,
        "title": label,
        "subtitle": redact(detail),
        "description": redact(item.description),
        "kind": item.get_kind_display(),
        "preparer": person_name(item.preparer),
        "minutes": item.minutes,
        "case_student_id": case.student_id if named else None,
    }


def _invitees(meeting) -> list[dict]:
    members = (
        Membership.objects.filter(team=meeting.team, active=True)
        .select_related("user", "role")
        .order_by("kind", "role__name", "user__last_name")
    )
    people, seen = [], set()
    for m in members:
        if m.user_id in seen:
            continue
        seen.add(m.user_id)
        people.append({"name": person_name(m.user), "role": m.role.name, "kind": m.get_kind_display()})
    for a in Attendance.objects.filter(meeting=meeting).select_related("user"):
        if a.user_id not in seen:
            seen.add(a.user_id)
            people.append({"name": person_name(a.user), "role": "", "kind": _("Invitert")})
    return people


def invitation_context(meeting, *, viewer) -> dict:
    items = meeting.items.select_related(
        "preparer",
        "case__student__school_class",
        "measure__case__student__school_class",
        "task__case__student__school_class",
    ).prefetch_related(
        "case__consents__agencies",
        "case__student__guardians",
        "measure__case__consents",
        "measure__case__student__guardians",
        "task__case__consents",
        "task__case__student__guardians",
    )
    by_part: dict[int, list] = {}
    for item in items:
        by_part.setdefault(item.part, []).append(item)
    named_by_case: dict = {}
    parts = []
    for value, label in AgendaItem.Part.choices:
        part_items = by_part.get(value, [])
        if value == AgendaItem.Part.MAPPING and not part_items:
            continue
        rows = [_agenda_item(it, f"{value}.{i}", named_by_case, viewer) for i, it in enumerate(part_items, start=1)]
        parts.append({"number": value, "label": label, "items": rows, "minutes": sum(r["minutes"] for r in rows)})
    starts = timezone.localtime(meeting.starts_at)
    return {
        "school": meeting.team.school,
        "meeting": meeting,
        "team": meeting.team,
        "starts": starts,
        "ends": starts + timedelta(minutes=meeting.duration_minutes),
        "location": meeting.location or meeting.team.location,
        "invitees": _invitees(meeting),
        "parts": parts,
        "named_student_ids": sorted({r["case_student_id"] for p in parts for r in p["items"] if r["case_student_id"]}),
    }


def plan_context(plan, *, viewer) -> dict:
    case = plan.case
    student = case.student
    named = disclosure.identity_shown(viewer, case)
    redact = _redactor(student, named=named)
    measures, evaluations = [], []
    for m in plan.measures.all():
        measures.append(
            {
                "description": redact(m.description),
                "owner": person_name(m.owner),
                "start_date": m.start_date,
                "evaluation_date": m.evaluation_date,
                "level": m.get_level_display(),
            }
        )
        for e in m.evaluations.all():
            evaluations.append(
                {
                    "measure": redact(m.description),
                    "date": e.date,
                    "effect": e.get_effect_display(),
                    "assessment": redact(e.assessment),
                    "continue_measure": e.continue_measure,
                    "by": person_name(e.evaluated_by),
                }
            )
    return {
        "school": case.school,
        "plan": plan,
        "case": case,
        "named": named,
        "is_system": student is None,
        **_student_fields(case, student, named=named),
        "case_title": redact(case.title),
        "present": redact(plan.present),
        "absent": redact(plan.absent),
        "referent": redact(plan.referent),
        "challenges": checks(plan.challenges, school=case.school, exclude={"annet"}),
        "challenge_other": redact(plan.challenge_other),
        "main_challenge": redact(plan.main_challenge),
        "main_goal": redact(plan.main_goal),
        "measures": measures,
        "evaluations": evaluations,
    }


def _guardian_block(guardian, *, with_identity: bool, sees_protected: bool = False) -> dict:
    if not with_identity:
        return {"name": "", "relation": "", "contact": []}
    contact = []
    if not guardian.protected_address or sees_protected:
        contact = [v for v in (guardian.address, guardian.phone, guardian.email) if v]
    return {"name": guardian.name, "relation": guardian.relation, "contact": contact}


def consent_blank_context(access, case) -> dict:
    """The blank form goes to the guardians through the person who knows the student
    (author, contact teacher, team lead): prefilled only for them (disclosure.identity_shown)."""
    student = case.student
    shown = disclosure.identity_shown(access, case)
    guardians = list(student.guardians.all()) if student else []
    sees_protected = disclosure.sections(access, case.school_id).protected_address
    blocks = (
        [_guardian_block(g, with_identity=shown, sees_protected=sees_protected) for g in guardians] if shown else []
    )
    while len(blocks) < 2:
        blocks.append(_guardian_block(None, with_identity=False))
    return {
        "school": case.school,
        "case": case,
        "named": shown,
        **_student_fields(case, student, named=shown),
        "scopes": [(str(label), False) for _code, label in ConsentScope.choices],
        "guardians": blocks,
    }


def consent_context(case, *, viewer) -> dict:
    student = case.student
    named = disclosure.identity_shown(viewer, case)
    redact = _redactor(student, named=named)
    scope_labels = dict(ConsentScope.choices)
    numbers: dict[int, int] = {}
    records = []
    for c in (
        Consent.objects.filter(case=case)
        .select_related("guardian", "recorded_by")
        .order_by("date", "recorded_at", "pk")
    ):
        if c.given_by_student:
            guardian, relation = (student.full_name if named else _("Eleven")), _("eleven selv (over 18 år)")
        else:
            numbers.setdefault(c.guardian_id, len(numbers) + 1)
            guardian = c.guardian.name if named else _("Foresatt %(n)s") % {"n": numbers[c.guardian_id]}
            relation = c.guardian.relation
        records.append(
            {
                "guardian": guardian,
                "relation": relation,
                "status": c.get_status_display(),
                "scopes": [str(scope_labels.get(s, s)) for s in c.scopes or []],
                "date": c.date,
                "method": c.get_method_display(),
                "expires_on": c.expires_on,
                "note": redact(c.note),
                "recorded_by": person_name(c.recorded_by),
            }
        )
    return {
        "school": case.school,
        "case": case,
        "named": named,
        **_student_fields(case, student, named=named),
        "records": records,
    }


def approved_minutes(meeting):
    """The latest approved version of a meeting's minutes, or None (nothing to file yet)."""
    return meeting.minutes_versions.select_related("approved_by").order_by("-number").first()


def minutes_context(meeting, version, *, viewer, case=None) -> dict:
    """Møtereferat from the approved minutes: date, place, present, forfall, referent, the system part,
    the individual part as the disclosure policy allows, the task log, approval.

    With `case`: the extract for that student's folder — only that case's items, and the action plans
    made for it at this meeting."""
    snapshot = version.snapshot
    items = [i for i in snapshot["items"] if case is None or i.get("case_id") == case.pk]
    case_ids = {i["case_id"] for i in items if i.get("case_id")}
    cases = {
        c.pk: c
        for c in Case.objects.filter(pk__in=case_ids)
        .select_related("student__school_class", "referral")
        .prefetch_related("consents__agencies", "student__guardians")
    }
    named_student_ids, parts = set(), {}
    for raw in items:
        item_case = cases.get(raw.get("case_id"))
        # Decided now, not at approval: a withdrawal after approval hides the name again.
        shown = item_case is None or disclosure.identity_shown(viewer, item_case)
        if item_case is not None and item_case.student_id and shown:
            named_student_ids.add(item_case.student_id)
        redact = disclosure.redactor(viewer, item_case)
        part = parts.setdefault(raw["part"], {"number": raw["part"], "label": raw["part_name"], "items": []})
        part["items"].append(
            {
                "title": raw["label"] if shown else raw["anonymous_label"],
                "preparer": raw["preparer"],
                "description": redact(raw.get("description", "")),
                "notes": redact(raw["notes"]),
                "tasks": [
                    {"title": redact(t["title"]), "owner": t["owner"], "deadline": t["deadline_display"]}
                    for t in raw["tasks"]
                ],
            }
        )
    attendance = snapshot["attendance"]
    plans = []
    if case is not None:
        plans = [
            plan_context(plan, viewer=viewer)
            for plan in case.action_plans.filter(meeting=meeting).prefetch_related(
                "measures__owner", "measures__evaluations__evaluated_by"
            )
        ]
    starts = timezone.localtime(meeting.starts_at)
    return {
        "school": meeting.team.school,
        "team": meeting.team,
        "meeting": meeting,
        "case": case,
        "case_title": disclosure.case_label(viewer, case) if case is not None else "",
        "starts": starts,
        "ends": starts + timedelta(minutes=meeting.duration_minutes),
        "location": meeting.location,
        "present": [a["name"] for a in attendance if a["status"] == Attendance.Status.PRESENT],
        "absent": [a["name"] for a in attendance if a["status"] == Attendance.Status.ABSENT],
        "referent": next((a["name"] for a in attendance if a["referent"]), ""),
        "parts": [parts[n] for n in sorted(parts)],
        "tasks": [(item["title"], t) for part in parts.values() for item in part["items"] for t in item["tasks"]],
        "plans": plans,
        "version": version,
        "named_student_ids": named_student_ids,
    }
