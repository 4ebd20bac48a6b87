"""PDF downloads. Thin: fetch through a scoped selector (404 for what the user may not see),
write the access-log row (rule 4), build the context (rule 3 in contexts.py), render."""

from laget.cases import disclosure
from laget.cases.selectors import case_get
from laget.organisations.access import access_for

from . import contexts
from .pdf import pdf_response, render_pdf
from .selectors import meeting_get_for_document, plan_get_for_document, referral_get_for_document


def referral_pdf(request, pk):
    access = access_for(request)
    referral = referral_get_for_document(access, pk)
    access.log(action="referral.pdf", school_id=referral.school_id, student_id=referral.student_id, obj=referral)
    pdf = render_pdf(
        "documents/referral.html", contexts.referral_context(referral, viewer=disclosure.document_viewer(access))
    )
    stem = f"melding-sak-{referral.case.number}" if referral.case else f"melding-{referral.pk}"
    return pdf_response(pdf, stem)


def invitation_pdf(request, pk):
    access = access_for(request)
    meeting = meeting_get_for_document(access, pk)
    context = contexts.invitation_context(meeting, viewer=disclosure.document_viewer(access))
    school_id = meeting.team.school_id
    access.log(action="invitation.pdf", school_id=school_id, obj=meeting)
    # Named cases put a student's identity in the document: one row per student shown.
    for student_id in context["named_student_ids"]:
        access.log(action="invitation.pdf", school_id=school_id, student_id=student_id, obj=meeting)
    pdf = render_pdf("documents/invitation.html", context)
    return pdf_response(pdf, f"innkalling-{context['starts']:%Y-%m-%d}")


def plan_pdf(request, pk):
    access = access_for(request)
    plan = plan_get_for_document(access, pk)
    case = plan.case
    access.log(action="plan.pdf", school_id=case.school_id, student_id=case.student_id, obj=plan)
    pdf = render_pdf("documents/plan.html", contexts.plan_context(plan, viewer=disclosure.document_viewer(access)))
    return pdf_response(pdf, f"tiltaksplan-sak-{case.number}-{plan.date_discussed:%Y-%m-%d}")


def consent_pdf(request, case_pk):
    access = access_for(request)
    case = case_get(access, case_pk)
    access.log(action="consent.pdf", school_id=case.school_id, student_id=case.student_id, obj=case)
    pdf = render_pdf(
        "documents/consent.html", contexts.consent_context(case, viewer=disclosure.document_viewer(access))
    )
    return pdf_response(pdf, f"samtykke-sak-{case.number}")


def consent_blank_pdf(request, case_pk):
    access = access_for(request)
    case = case_get(access, case_pk)
    access.log(action="consent.blank_pdf", school_id=case.school_id, student_id=case.student_id, obj=case)
    pdf = render_pdf("documents/consent_blank.html", contexts.consent_blank_context(access, case))
    return pdf_response(pdf, f"samtykkeskjema-sak-{case.number}")
