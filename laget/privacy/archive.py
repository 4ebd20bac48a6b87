"""The archive package of one case: a zip with a JSON manifest, the referral and action-plan
PDFs, and the case's attachments and scanned consent forms, each with its SHA-256.

Health notes (the restricted section) are NOT archived. They are the school health service's
notes: its own journal (helsepersonelloven §§ 39-40) is the record of that care, and the
school's archive is read by archive staff who do not have `sees_restricted`. Restricted
timeline entries are left out for the same reason. Guardians' contact details are not
archived at all (names only), so a protected address can never leak from a package.
"""

import hashlib
import io
import json
import zipfile

from laget.cases.disclosure import TEAM
from laget.cases.models import Case, Consent, Referral
from laget.documents.contexts import plan_context, referral_context
from laget.documents.pdf import render_pdf

MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _iso(value):
    return value.isoformat() if value else None


def _case_meta(case: Case) -> dict:
    student = case.student
    return {
        "school": case.school.name,
        "number": case.number,
        "kind": case.kind,
        "area": case.area,
        "title": case.title,
        "first_concern_date": _iso(case.first_concern_date),
        "status": case.status,
        "outcome": case.outcome,
        "outcome_note": case.outcome_note,
        "closed_on": _iso(case.closed_on),
        "student": (
            {
                "name": student.full_name,
                "birth_date": _iso(student.birth_date),
                "class": student.school_class.name,
                "grade": student.grade,
            }
            if student
            else None
        ),
    }


def _referral(referral: Referral | None) -> dict | None:
    if referral is None:
        return None
    return {
        "kind": referral.kind,
        "title": referral.title,
        "author": referral.author.get_full_name() or referral.author.username,
        "referral_date": _iso(referral.referral_date),
        "challenges": referral.challenges,
        "challenge_other": referral.challenge_other,
        "social_description": referral.social_description,
        "working_methods": referral.working_methods,
        "mapping_results": referral.mapping_results,
        "strengths": referral.strengths,
        "learning_environment": referral.learning_environment,
        "tried_measures": [
            {"measure": m.measure, "period": m.period, "assessment": m.assessment}
            for m in referral.tried_measures.all()
        ],
    }


def _consent(c: Consent) -> dict:
    return {
        # names only: never contact details (fortrolig adresse)
        "guardian": c.guardian.name if c.guardian_id else None,
        "given_by_student": c.given_by_student,
        "relation": c.guardian.relation if c.guardian_id else "",
        "status": c.status,
        "scopes": c.scopes,
        "date": _iso(c.date),
        "method": c.method,
        "expires_on": _iso(c.expires_on),
        "note": c.note,
        "scanned_form": c.scanned_form.name.rsplit("/", 1)[-1] if c.scanned_form else None,
    }


def _measures(measures) -> list[dict]:
    return [
        {
            "description": m.description,
            "owner": m.owner.get_full_name() or m.owner.username,
            "evaluation_date": _iso(m.evaluation_date),
            "level": m.level,
            "status": m.status,
            "evaluations": [
                {"effect": e.effect, "assessment": e.assessment, "date": _iso(e.date)} for e in m.evaluations.all()
            ],
        }
        for m in measures
    ]


def _plan(plan) -> dict:
    return {
        "date_discussed": _iso(plan.date_discussed),
        "evaluation_date": _iso(plan.evaluation_date),
        "main_challenge": plan.main_challenge,
        "main_goal": plan.main_goal,
        "measures": _measures(plan.measures.all()),
    }


def _read(field_file) -> bytes | None:
    try:
        with field_file.open("rb") as f:
            return f.read()
    except (FileNotFoundError, OSError):
        return None


def _file_name(field_file) -> str:
    return field_file.name.rsplit("/", 1)[-1]


def _ppt(case: Case, files: dict) -> list[dict]:
    """The PPT path: referral reason, pedagogical report, steps and their documents (sakkyndig
    vurdering, enkeltvedtak) — records the archive must keep before retention purges them."""
    processes = []
    for process in case.ppt_processes.prefetch_related("steps", "reports").order_by("pk"):
        if process.pedagogical_report_file and (data := _read(process.pedagogical_report_file)) is not None:
            files[f"ppt/{process.pk}-{_file_name(process.pedagogical_report_file)}"] = data
        steps = []
        for step in process.steps.all():
            if step.file and (data := _read(step.file)) is not None:
                files[f"ppt/{process.pk}-steg-{step.pk}-{_file_name(step.file)}"] = data
            steps.append({"step": step.step, "date": _iso(step.date), "note": step.note})
        processes.append(
            {
                "status": process.status,
                "referral_reason": process.referral_reason,
                "pedagogical_report": process.pedagogical_report,
                "exception_reason": process.exception_reason,
                "steps": steps,
                "reports": [
                    {"kind": r.kind, "due": _iso(r.due), "done_on": _iso(r.done_on)} for r in process.reports.all()
                ],
            }
        )
    return processes


def _attendance(case: Case) -> list[dict]:
    """Attendance follow-ups linked to the case, with what was done at each step of the ladder."""
    return [
        {
            "opened_on": _iso(f.opened_on),
            "closed_on": _iso(f.closed_on),
            "closed_note": f.closed_note,
            "records": [
                {"done_on": _iso(r.done_on), "what_done": r.what_done, "evaluation": r.evaluation}
                for r in f.records.order_by("done_on", "pk")
            ],
        }
        for f in case.attendance_followups.order_by("opened_on", "pk")
    ]


def build_package(case: Case) -> bytes:
    """The zip for `case`, as bytes. Reads everything the case holds except the restricted section."""
    referral = Referral.objects.filter(case=case).first()
    plans = list(case.action_plans.order_by("date_discussed", "pk"))
    files: dict[str, bytes] = {}
    if referral is not None:
        files["melding.pdf"] = render_pdf("documents/referral.html", referral_context(referral, viewer=TEAM))
    for i, plan in enumerate(plans, start=1):
        files[f"tiltaksplan-{i}.pdf"] = render_pdf("documents/plan.html", plan_context(plan, viewer=TEAM))
    attachments = {a.pk: a for a in case.attachments.all()}
    if referral is not None:
        attachments.update({a.pk: a for a in referral.attachments.all()})
    for a in attachments.values():
        data = _read(a.file)
        if data is not None:
            files[f"vedlegg/{a.pk}-{a.file.name.rsplit('/', 1)[-1]}"] = data
    consents = list(case.consents.select_related("guardian"))
    for c in consents:
        if c.scanned_form:
            data = _read(c.scanned_form)
            if data is not None:
                files[f"samtykker/{c.pk}-{c.scanned_form.name.rsplit('/', 1)[-1]}"] = data
    manifest = {
        "format": "laget-archive-1",
        "case": _case_meta(case),
        "referral": _referral(referral),
        "consents": [_consent(c) for c in consents],
        "plans": [_plan(p) for p in plans],
        "measures": _measures(case.measures.filter(action_plan__isnull=True)),
        "ppt": _ppt(case, files),
        "attendance": _attendance(case),
        "timeline": [
            {"at": _iso(e.at), "kind": e.kind, "summary": e.summary}
            for e in case.timeline.filter(restricted=False).order_by("at", "pk")
        ],
        "files": {name: sha256(data) for name, data in sorted(files.items())},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
    return buffer.getvalue()


def verify_package(path) -> list[str]:
    """Problems found in a package: a file missing or whose SHA-256 does not match the manifest."""
    problems = []
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        names = set(zf.namelist()) - {MANIFEST}
        for name, digest in manifest["files"].items():
            if name not in names:
                problems.append(f"missing: {name}")
            elif sha256(zf.read(name)) != digest:
                problems.append(f"hash mismatch: {name}")
        problems += [f"not in manifest: {n}" for n in sorted(names - set(manifest["files"]))]
    return problems
