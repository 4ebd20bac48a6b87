"""The student's archive folder (elevmappe): which documents are due, and sending them.

The seeds say where the paper goes — Hustadvika files action plans in the student's folder, Sandnes
files the minutes of student cases in each student's folder in Public 360, Breivang registers
referrals in P360. Laget does not wait for someone to remember: what is due is derived from the
data, so approving minutes, saving a plan or closing a case puts its documents on the list, and
the lead sends them in one step.

Due: the extract of the latest approved minutes for each student case discussed; each action plan
as last saved; for a closed case, its referral and the consents. A document filed before is due
again only when its source changed (new minutes version, plan edited, consent recorded), and is
then filed as a new version beside the old one. Every document is PDF/A and goes to the archive
as the team's document: named only with consent for team discussion (the disclosure policy's
TEAM viewer), so an anonymous case's package names no one.
"""

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from laget.cases import disclosure
from laget.cases.models import ActionPlan, Case, Referral
from laget.cases.timeline import timeline_add
from laget.meetings.models import Meeting, MinutesVersion
from laget.organisations.access import Access
from laget.organisations.models import School

from . import contexts
from .archive_adapters import get_adapter
from .models import ArchivedDocument
from .pdf import render_pdf

NOARK_NS = "http://www.arkivverket.no/standarder/noark5/arkivmelding"
LEGAL_BASIS = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"
# Laget's own namespace for stable folder, record and document ids (uuid5).
_ID_NAMESPACE = uuid.UUID("5b0d2f1e-6c1a-4e0b-9a43-2f7f1b1c0a11")
Kind = ArchivedDocument.Kind


@dataclass
class DueDocument:
    case: Case
    kind: str
    object_id: int
    source_version: int
    date: datetime.date
    source: object  # the meeting (with .version), the plan, the referral or the case

    @property
    def key(self):
        return (self.case.pk, self.kind, self.object_id, self.source_version)

    def title(self, viewer) -> str:
        label = disclosure.case_label(viewer, self.case)
        what = str(Kind(self.kind).label)
        if self.kind == Kind.MINUTES_EXTRACT:
            return f"{what} {self.date:%d.%m.%Y} – {label}"
        return f"{what} – {label}"

    def render(self) -> bytes:
        viewer = disclosure.TEAM
        if self.kind == Kind.MINUTES_EXTRACT:
            context = contexts.minutes_context(self.source, self.source.version, viewer=viewer, case=self.case)
            return render_pdf("documents/minutes_extract.html", context, document_date=self.date)
        if self.kind == Kind.PLAN:
            return render_pdf("documents/plan.html", contexts.plan_context(self.source, viewer=viewer))
        if self.kind == Kind.REFERRAL:
            return render_pdf("documents/referral.html", contexts.referral_context(self.source, viewer=viewer))
        return render_pdf("documents/consent.html", contexts.consent_context(self.case, viewer=viewer))

    def filename(self, version: int) -> str:
        return f"{self.kind}-sak{self.case.number}-{self.object_id}-v{version}.pdf"


def _case_query(school):
    return (
        Case.objects.filter(school=school, student__isnull=False)
        .select_related("student__school_class", "school", "referral")
        .prefetch_related("consents__agencies", "student__guardians")
    )


def documents_due(school: School) -> list[DueDocument]:
    """Everything that should be in the students' folders and is not (in this version) yet."""
    filed = set(
        ArchivedDocument.objects.filter(school=school).values_list("case_id", "kind", "object_id", "source_version")
    )
    cases = {c.pk: c for c in _case_query(school)}
    due = []
    latest = {}
    for version in MinutesVersion.objects.filter(meeting__team__school=school).order_by("meeting_id", "number"):
        latest[version.meeting_id] = version
    meetings = Meeting.objects.filter(pk__in=latest).select_related("team__school")
    for meeting in meetings:
        meeting.version = latest[meeting.pk]
        case_ids = {i["case_id"] for i in meeting.version.snapshot["items"] if i.get("case_id")}
        for case_id in sorted(case_ids):
            if case_id in cases:
                day = timezone.localdate(meeting.starts_at)
                due.append(
                    DueDocument(cases[case_id], Kind.MINUTES_EXTRACT, meeting.pk, meeting.version.number, day, meeting)
                )
    plans = ActionPlan.objects.filter(case__in=list(cases)).prefetch_related(
        "measures__owner", "measures__evaluations__evaluated_by"
    )
    for plan in plans:
        plan.case = cases[plan.case_id]
        due.append(DueDocument(plan.case, Kind.PLAN, plan.pk, plan.version, plan.date_discussed, plan))
    closed = [c for c in cases.values() if c.status == Case.Status.CLOSED]
    referrals = {r.case_id: r for r in Referral.objects.filter(case__in=closed).select_related("author", "student")}
    consent_counts = dict(
        Case.objects.filter(pk__in=[c.pk for c in closed]).annotate(n=Count("consents")).values_list("pk", "n")
    )
    for case in closed:
        day = case.closed_on or timezone.localdate()
        if case.pk in referrals:
            referral = referrals[case.pk]
            referral.case = case
            due.append(DueDocument(case, Kind.REFERRAL, referral.pk, 1, day, referral))
        if consent_counts.get(case.pk):
            due.append(DueDocument(case, Kind.CONSENT, case.pk, consent_counts[case.pk], day, case))
    return [d for d in due if d.key not in filed]


def archived_for_case(case):
    return ArchivedDocument.objects.filter(case=case).select_related("archived_by")


def _require_lead(access: Access, school: School):
    if not access.leads(school.pk):
        raise PermissionDenied


def _skjerming(parent):
    skjerming = SubElement(parent, "skjerming")
    SubElement(skjerming, "tilgangsrestriksjon").text = "13"
    SubElement(skjerming, "skjermingshjemmel").text = LEGAL_BASIS


def _folder(case) -> tuple[str, str]:
    """The student's folder (named with consent for team discussion), or the anonymous case's own."""
    viewer = disclosure.TEAM
    if disclosure.identity_shown(viewer, case):
        student = case.student
        title = _("Elevmappe: %(name)s, født %(born)s") % {
            "name": student.full_name,
            "born": f"{student.birth_date:%d.%m.%Y}",
        }
        return str(uuid.uuid5(_ID_NAMESPACE, f"student-{student.pk}")), title
    return str(uuid.uuid5(_ID_NAMESPACE, f"case-{case.pk}")), disclosure.anonymous_label(case)


def arkivmelding(*, package_id: str, when, entries, user) -> bytes:
    """The Noark 5 arkivmelding: folder per student → record → document description → document object
    with checksum, access restriction and legal basis. `entries`: (due, version, filename, checksum, size)."""
    root = Element("arkivmelding", {"xmlns": NOARK_NS})
    SubElement(root, "system").text = "Laget"
    SubElement(root, "meldingId").text = package_id
    SubElement(root, "tidspunkt").text = when.isoformat()
    SubElement(root, "antallFiler").text = str(len(entries))
    folders = {}
    actor = user.get_full_name() or user.get_username()
    for due, version, filename, checksum, size in entries:
        folder_id, folder_title = _folder(due.case)
        if folder_id not in folders:
            mappe = SubElement(root, "mappe")
            SubElement(mappe, "systemID").text = folder_id
            SubElement(mappe, "tittel").text = folder_title
            _skjerming(mappe)
            folders[folder_id] = mappe
        record = SubElement(folders[folder_id], "registrering")
        record_key = f"{due.case.pk}-{due.kind}-{due.object_id}-{version}"
        SubElement(record, "systemID").text = str(uuid.uuid5(_ID_NAMESPACE, f"record-{record_key}"))
        SubElement(record, "opprettetDato").text = when.isoformat()
        SubElement(record, "opprettetAv").text = actor
        SubElement(record, "arkivertDato").text = when.isoformat()
        SubElement(record, "arkivertAv").text = actor
        SubElement(record, "tittel").text = due.title(disclosure.TEAM)
        _skjerming(record)
        description = SubElement(record, "dokumentbeskrivelse")
        SubElement(description, "systemID").text = str(uuid.uuid5(_ID_NAMESPACE, f"document-{record_key}"))
        SubElement(description, "dokumenttype").text = str(Kind(due.kind).label)
        SubElement(description, "dokumentstatus").text = "Dokumentet er ferdigstilt"
        SubElement(description, "tittel").text = due.title(disclosure.TEAM)
        SubElement(description, "opprettetDato").text = due.date.isoformat()
        SubElement(description, "opprettetAv").text = actor
        SubElement(description, "tilknyttetRegistreringSom").text = "Hoveddokument"
        SubElement(description, "dokumentnummer").text = "1"
        _skjerming(description)
        document = SubElement(description, "dokumentobjekt")
        SubElement(document, "versjonsnummer").text = str(version)
        SubElement(document, "variantformat").text = "Arkivformat"
        SubElement(document, "format").text = "PDF/A-2b"
        SubElement(document, "referanseDokumentfil").text = f"dokumenter/{filename}"
        SubElement(document, "sjekksum").text = checksum
        SubElement(document, "sjekksumAlgoritme").text = "SHA256"
        SubElement(document, "filstoerrelse").text = str(size)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode").encode("utf-8")


def archive_send(*, access: Access, school: School, adapter=None) -> list[ArchivedDocument]:
    """Send every document due to the students' archive folders, as one package (team lead).

    The school row is locked, so two leads sending at once file once: the second finds nothing due.
    The package is delivered inside the transaction that records it: if delivery fails nothing is
    recorded, and what is recorded was delivered. Each case's timeline says what was filed."""
    _require_lead(access, school)
    adapter = adapter or get_adapter()
    with transaction.atomic():
        School.objects.select_for_update().filter(pk=school.pk).first()
        due = documents_due(school)
        if not due:
            raise ValidationError(_("Ingen dokumenter venter på arkivering."))
        last_versions = (
            ArchivedDocument.objects.filter(school=school)
            .values("case_id", "kind", "object_id")
            .annotate(last=Max("version"))
        )
        versions = {(row["case_id"], row["kind"], row["object_id"]): row["last"] for row in last_versions}
        now = timezone.now()
        package_id = str(uuid.uuid4())
        entries, files = [], {}
        for item in due:
            version = versions.get((item.case.pk, item.kind, item.object_id), 0) + 1
            pdf = item.render()
            filename = item.filename(version)
            files[filename] = pdf
            entries.append((item, version, filename, hashlib.sha256(pdf).hexdigest(), len(pdf)))
        xml = arkivmelding(package_id=package_id, when=now, entries=entries, user=access.user)
        reference = adapter.deliver(package_id=package_id, school=school, arkivmelding=xml, files=files)
        archived = []
        for item, version, filename, checksum, size in entries:
            archived.append(
                ArchivedDocument.objects.create(
                    school=school,
                    case=item.case,
                    kind=item.kind,
                    object_id=item.object_id,
                    source_version=item.source_version,
                    version=version,
                    title=item.title(disclosure.TEAM)[:300],
                    filename=filename,
                    checksum=checksum,
                    size=size,
                    package=reference[:300],
                    archived_at=now,
                    archived_by=access.user,
                )
            )
            timeline_add(
                case=item.case,
                kind="archive.filed",
                summary=_("Arkivert i elevmappen: %(what)s (versjon %(version)s)")
                % {"what": Kind(item.kind).label, "version": version},
                actor=access.user,
                at=now,
            )
            access.log(action="archive.send", school_id=school.pk, student_id=item.case.student_id, obj=item.case)
    return archived
