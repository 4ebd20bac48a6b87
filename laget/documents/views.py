"""PDF downloads. Thin: fetch through a scoped selector (404 for what the user may not see),
build the context (rule 3 in contexts.py), render, then write the access-log row (rule 4) in the
same transaction: the row is written before the response leaves, and no lock is held while rendering."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from laget.cases import disclosure
from laget.cases.selectors import case_get
from laget.organisations.access import access_for
from laget.organisations.models import School

from . import archive as archive_services
from . import contexts
from .models import ArchivedDocument
from .pdf import pdf_response, render_pdf
from .selectors import meeting_get_for_document, plan_get_for_document, referral_get_for_document


def referral_pdf(request, pk):
    access = access_for(request)
    referral = referral_get_for_document(access, pk)
    pdf = render_pdf(
        "documents/referral.html", contexts.referral_context(referral, viewer=disclosure.document_viewer(access))
    )
    access.log(action="referral.pdf", school_id=referral.school_id, student_id=referral.student_id, obj=referral)
    stem = f"melding-sak-{referral.case.number}" if referral.case else f"melding-{referral.pk}"
    return pdf_response(pdf, stem)


def invitation_pdf(request, pk):
    access = access_for(request)
    meeting = meeting_get_for_document(access, pk)
    context = contexts.invitation_context(meeting, viewer=disclosure.handout_viewer(access))
    school_id = meeting.team.school_id
    pdf = render_pdf("documents/invitation.html", context)
    # Named cases put a student's identity in the document: one row per student shown, one insert.
    access.log(action="invitation.pdf", school_id=school_id, obj=meeting)
    access.log_students(
        action="invitation.pdf", school_id=school_id, student_ids=context["named_student_ids"], obj=meeting
    )
    return pdf_response(pdf, f"innkalling-{context['starts']:%Y-%m-%d}")


def plan_pdf(request, pk):
    access = access_for(request)
    plan = plan_get_for_document(access, pk)
    case = plan.case
    pdf = render_pdf("documents/plan.html", contexts.plan_context(plan, viewer=disclosure.document_viewer(access)))
    access.log(action="plan.pdf", school_id=case.school_id, student_id=case.student_id, obj=plan)
    return pdf_response(pdf, f"tiltaksplan-sak-{case.number}-{plan.date_discussed:%Y-%m-%d}")


def consent_pdf(request, case_pk):
    access = access_for(request)
    case = case_get(access, case_pk)
    pdf = render_pdf(
        "documents/consent.html", contexts.consent_context(case, viewer=disclosure.document_viewer(access))
    )
    access.log(action="consent.pdf", school_id=case.school_id, student_id=case.student_id, obj=case)
    return pdf_response(pdf, f"samtykke-sak-{case.number}")


def consent_blank_pdf(request, case_pk):
    access = access_for(request)
    case = case_get(access, case_pk)
    pdf = render_pdf("documents/consent_blank.html", contexts.consent_blank_context(access, case))
    access.log(action="consent.blank_pdf", school_id=case.school_id, student_id=case.student_id, obj=case)
    return pdf_response(pdf, f"samtykkeskjema-sak-{case.number}")


def _minutes_pdf(access, meeting, *, case=None):
    version = contexts.approved_minutes(meeting)
    if version is None:
        raise Http404  # nothing approved to file yet; the links show only once minutes are approved
    context = contexts.minutes_context(meeting, version, viewer=disclosure.document_viewer(access), case=case)
    school_id = meeting.team.school_id
    template = "documents/minutes_extract.html" if case is not None else "documents/minutes.html"
    pdf = render_pdf(template, context, document_date=version.approved_at.date())
    access.log(action="minutes.pdf", school_id=school_id, obj=meeting)
    # Each named student is a read of that student's data: one row each (the extract: its student), one insert.
    student_ids = context["named_student_ids"] | ({case.student_id} if case is not None and case.student_id else set())
    access.log_students(action="minutes.pdf", school_id=school_id, student_ids=sorted(student_ids), obj=meeting)
    return pdf, context


def minutes_pdf(request, pk):
    """Møtereferat: the meeting's approved minutes, for the team's archive."""
    access = access_for(request)
    meeting = meeting_get_for_document(access, pk)
    pdf, context = _minutes_pdf(access, meeting)
    return pdf_response(pdf, f"moetereferat-{context['starts']:%Y-%m-%d}")


def minutes_extract_pdf(request, pk, case_pk):
    """The part of the minutes that goes into one student's folder: that case's items and plans only."""
    access = access_for(request)
    meeting = meeting_get_for_document(access, pk)
    case = case_get(access, case_pk)
    if case.school_id != meeting.team.school_id:
        raise Http404
    pdf, context = _minutes_pdf(access, meeting, case=case)
    return pdf_response(pdf, f"referatutdrag-sak-{case.number}-{context['starts']:%Y-%m-%d}")


def _lead_school(access):
    """The school whose archive sending this lead runs (the first they lead); 404 for anyone else."""
    school_ids = sorted(access.lead_school_ids)
    if not school_ids:
        raise Http404
    return School.objects.get(pk=school_ids[0])


def archive(request):
    """Elevmappen: what is due for the students' archive folders, and what was filed."""
    access = access_for(request)
    school = _lead_school(access)
    viewer = disclosure.viewer_for(access)
    due = archive_services.documents_due(school)
    filed = ArchivedDocument.objects.filter(school=school).select_related("case__student", "archived_by")[:50]
    access.log(action="archive.view", school_id=school.pk)
    return render(
        request,
        "documents/archive.html",
        {
            "school": school,
            "due": [(d, d.title(viewer)) for d in due],
            "filed": [(a, disclosure.case_label(viewer, a.case)) for a in filed],
            "nav": "",
        },
    )


@require_POST
def archive_send(request):
    access = access_for(request)
    school = _lead_school(access)
    try:
        archived = archive_services.archive_send(access=access, school=school)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    except OSError:
        messages.error(
            request,
            _(
                "Arkivpakken kunne ikke skrives. Ingenting er registrert som arkivert – "
                "prøv igjen, eller kontakt driften."
            ),
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s dokument er sendt til elevmappene.", "%(n)s dokumenter er sendt til elevmappene.", len(archived)
            )
            % {"n": len(archived)},
        )
    return redirect("documents:archive")
