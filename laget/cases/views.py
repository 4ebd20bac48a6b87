"""Views: thin; fetch through selectors (404 for what the user may not see), act through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget.forms import form_add_service_errors
from laget.organisations.access import access_for
from laget.organisations.models import School
from laget.pagination import paginate
from laget.students.selectors import students_referable_by

from . import disclosure, plan_selectors
from .categories import challenge_labels
from .forms import CaseAreaForm, CaseCloseForm, ConsentForm, HealthNoteForm, ReferralForm, tried_measure_formset
from .models import Case, Consent, ConsentScope, Kind, Referral
from .selectors import (
    attachment_get,
    case_get,
    case_list_for,
    consents_for_case,
    health_notes_for_case,
    may_record_consent,
    open_tasks_for_case,
    referral_for_case,
    referral_get_for_edit,
    referral_list_for,
)
from .services import (
    REFERRAL_FIELDS,
    ConcurrentEditError,
    case_close,
    case_set_area,
    consent_record,
    healthnote_add,
    referral_delete_draft,
    referral_save_draft,
    referral_send,
    referral_submit_errors,
)
from .timeline import timeline_for_case

# --- referrals -----------------------------------------------------------------------------


@require_GET
def referral_list(request):
    access = access_for(request)
    referrals = list(referral_list_for(access))
    for school_id in sorted({r.school_id for r in referrals}):
        access.log(action="referral.list", school_id=school_id, detail=_("Mine meldinger"))
    return render(request, "cases/referral_list.html", {"referrals": referrals, "nav": "referrals"})


def _home_school(access) -> School:
    """New referrals belong to the user's school (the first, for staff at several)."""
    school_ids = sorted(access.staff_school_ids)
    if not school_ids:
        raise Http404
    return School.objects.get(pk=school_ids[0])


def referral_create(request):
    access = access_for(request)
    kind = Kind.SYSTEM if request.GET.get("type") == "system" else Kind.INDIVIDUAL
    return _referral_form(request, access, school=_home_school(access), kind=kind, referral=None)


def referral_edit(request, pk):
    access = access_for(request)
    referral = referral_get_for_edit(access, pk)
    if referral.status != Referral.Status.DRAFT:
        return redirect("cases:case_detail", referral.case_id)
    if request.method == "GET":
        access.log(action="referral.view", school_id=referral.school_id, student_id=referral.student_id, obj=referral)
    return _referral_form(request, access, school=referral.school, kind=referral.kind, referral=referral)


def _referral_form(request, access, *, school, kind, referral):
    students = students_referable_by(access, school.pk).order_by("school_class__grade", "last_name", "first_name")
    instance = referral or Referral(school=school, kind=kind, author=access.user)
    is_system = kind == Kind.SYSTEM
    formset_errors = []
    if request.method == "POST":
        form = ReferralForm(request.POST, request.FILES, instance=instance, students=students, kind=kind)
        # A system topic has no table of tried measures: its form carries no formset to validate.
        formset = None if is_system else tried_measure_formset(request.POST)
        formset_ok = formset is None or formset.is_valid()
        sending = "submit" in request.POST
        if form.is_valid() and formset_ok:
            tried = formset.cleaned_data if formset is not None else []
            arguments = {
                "access": access,
                "school": school,
                "kind": kind,
                "referral": referral,
                "seen_version": form.cleaned_data.get("version"),
                "data": form.cleaned_data,
                "tried_measures": tried,
                "files": form.cleaned_data.get("attachments") or [],
            }
            try:
                if not sending:
                    referral = referral_save_draft(**arguments)
                    messages.success(request, _("Utkastet er lagret. Du kan fortsette senere."))
                    return redirect("cases:referral_edit", referral.pk)
                case = referral_send(**arguments)
                messages.success(request, _("Meldingen er sendt til ressursteamet."))
                return redirect("cases:case_detail", case.pk)
            except ConcurrentEditError as error:
                form.add_error(None, error)
            except ValidationError as error:
                # Everything typed stays in the form; a refused send of a new referral keeps no draft.
                formset_errors = form_add_service_errors(form, error, elsewhere=("tried_measures",))
                if referral is not None:
                    referral.refresh_from_db()
                    form.data = form.data.copy()
                    form.data["version"] = referral.version
        elif sending:
            # Report what else keeps it from being sent, too: every missing thing at once.
            formset_errors = _add_missing_for_send(form, formset, instance)
        if formset is not None:
            formset_errors = [*formset.non_form_errors(), *formset_errors]
    else:
        form = ReferralForm(instance=instance, students=students, kind=kind)
        formset = None if is_system else tried_measure_formset(referral=referral)
    saved = instance.pk is not None
    action = reverse("cases:referral_edit", args=[instance.pk]) if saved else request.get_full_path()
    context = {
        "form": form,
        "formset": formset,
        "formset_errors": formset_errors,
        "referral": instance if saved else None,
        "attachments": list(instance.attachments.all()) if saved else [],
        "kind": kind,
        "is_system": is_system,
        "action": action,
        "author": access.user,
        "nav": "referrals",
    }
    return render(request, "cases/referral_form.html", context)


def _add_missing_for_send(form, formset, instance) -> list[str]:
    """Put the send rules' messages on fields that have no error of their own yet."""
    probe = Referral(school_id=instance.school_id, kind=instance.kind, author_id=instance.author_id)
    for name, value in form.cleaned_data.items():
        if name in REFERRAL_FIELDS and name not in ("student",):
            setattr(probe, name, value)
    if form.cleaned_data.get("student") is not None:
        probe.student = form.cleaned_data["student"]
    rows = formset.cleaned_data if formset is not None and formset.is_valid() else []
    missing = referral_submit_errors(probe, rows)
    other = []
    for name, message in missing.items():
        if name == "tried_measures":
            other.append(message)
        elif name in form.fields and name not in form.errors:
            form.add_error(name, message)
    return other


@require_POST
def referral_delete(request, pk):
    access = access_for(request)
    referral = referral_get_for_edit(access, pk)
    if "confirm" not in request.POST:
        access.log(action="referral.view", school_id=referral.school_id, student_id=referral.student_id, obj=referral)
        context = {
            "title": _("Slette utkastet?"),
            "message": _("Utkastet og vedleggene slettes for godt. Dette kan ikke angres."),
            "action": reverse("cases:referral_delete", args=[referral.pk]),
            "confirm_label": _("Slett utkastet"),
            "cancel_url": reverse("cases:referral_edit", args=[referral.pk]),
            "nav": "referrals",
        }
        return render(request, "includes/confirm.html", context)
    try:
        referral_delete_draft(access=access, referral=referral)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:referral_list")
    messages.success(request, _("Utkastet er slettet."))
    return redirect("cases:referral_list")


@require_GET
def attachment_download(request, pk):
    access = access_for(request)
    attachment = attachment_get(access, pk)
    student_id = attachment.referral.student_id if attachment.referral else None
    access.log(action="attachment.download", school_id=attachment.school_id, student_id=student_id, obj=attachment)
    case = attachment.case or (attachment.referral.case if attachment.referral else None)
    # A draft referral's attachment (no case yet) is reached only by its author (attachment_get).
    filename = disclosure.file_name(access, case, attachment.name) if case is not None else attachment.name
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=filename)


# --- cases ---------------------------------------------------------------------------------


@require_GET
def case_list(request):
    access = access_for(request)
    status = request.GET.get("status", Case.Status.OPEN)
    page, query = paginate(request, case_list_for(access, status=status))
    cases = list(page.object_list)
    rows = [{"case": c, "label": disclosure.case_label(access, c), "named": disclosure.has_consent(c)} for c in cases]
    for school_id in sorted({c.school_id for c in cases}):
        access.log(action="case.list", school_id=school_id, detail=f"status={status}")
    context = {
        "rows": rows,
        "status": status,
        "nav": "cases",
        "statuses": Case.Status.choices,
        "page": page,
        "query": query,
    }
    return render(request, "cases/case_list.html", context)


@require_GET
def case_detail(request, pk):
    access = access_for(request)
    case = case_get(access, pk)
    return _render_case(request, access, case)


def _render_case(request, access, case, *, healthnote_form=None, close_form=None, area_form=None, status=200):
    identity = disclosure.identity_shown(access, case)
    referral = referral_for_case(case)
    sees_restricted = access.sees_restricted(case.school_id)
    may_set_area = access.is_team_member(case.school_id)
    access.log(action="case.view", school_id=case.school_id, student_id=case.student_id, obj=case)
    if sees_restricted:
        access.log(action="healthnote.view", school_id=case.school_id, student_id=case.student_id, obj=case)
    context = {
        "case": case,
        "label": disclosure.case_label(access, case),
        "identity": identity,
        "redact": disclosure.redactor(access, case),
        "named": disclosure.has_consent(case),
        "referral": referral,
        "consents": _with_scope_labels(consents_for_case(case)),
        "challenge_labels": challenge_labels(referral.challenges, referral.school) if referral else [],
        "may_record_consent": may_record_consent(access, case) and identity,
        "sees_restricted": sees_restricted,
        "health_notes": health_notes_for_case(access, case),
        "healthnote_form": healthnote_form or HealthNoteForm(),
        "leads": access.leads(case.school_id),
        "close_form": close_form or CaseCloseForm(),
        "may_set_area": may_set_area,
        "area_form": area_form
        or (CaseAreaForm(case=case, may_set_retain_reason=access.leads(case.school_id)) if may_set_area else None),
        "plans": plan_selectors.plans_for_case(case),
        "may_write_plan": plan_selectors.may_write_plan(access, case),
        "tasks": open_tasks_for_case(case),
        "timeline": timeline_for_case(case, include_restricted=sees_restricted),
        "nav": "cases",
    }
    return render(request, "cases/case_detail.html", context, status=status)


@require_POST
def healthnote_add_view(request, pk):
    access = access_for(request)
    case = case_get(access, pk)
    if not access.sees_restricted(case.school_id):
        raise Http404
    form = HealthNoteForm(request.POST)
    if not form.is_valid():
        return _render_case(request, access, case, healthnote_form=form, status=400)
    healthnote_add(access=access, case=case, text=form.cleaned_data["text"])
    messages.success(request, _("Notatet er lagret i den skjermede delen."))
    return redirect(reverse("cases:case_detail", args=[case.pk]) + "#helsenotater")


@require_POST
def case_close_view(request, pk):
    access = access_for(request)
    case = case_get(access, pk)
    if not access.leads(case.school_id):
        raise Http404
    form = CaseCloseForm(request.POST)
    if form.is_valid():
        try:
            case_close(access=access, case=case, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Saken er avsluttet."))
            return redirect("cases:case_detail", case.pk)
    return _render_case(request, access, case, close_form=form, status=400)


@require_POST
def case_area_view(request, pk):
    access = access_for(request)
    case = case_get(access, pk)
    if not access.is_team_member(case.school_id):
        raise PermissionDenied
    leads = access.leads(case.school_id)
    form = CaseAreaForm(request.POST, case=case, may_set_retain_reason=leads)
    if form.is_valid():
        try:
            # Each setting has its own button ("save"): the other setting is left as it is.
            which = request.POST.get("save", "")
            case_set_area(
                access=access,
                case=case,
                area=case.area if which == "retain" else form.cleaned_data["area"],
                retain_reason=form.cleaned_data["retain_reason"] if leads and which != "area" else None,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Grunnen til å oppbevare saken er lagret.")
                if request.POST.get("save") == "retain"
                else _("Saksområdet er lagret."),
            )
            return redirect(reverse("cases:case_detail", args=[case.pk]) + "#saksomrade")
    return _render_case(request, access, case, area_form=form, status=400)


def consent_record_view(request, pk):
    access = access_for(request)
    case = case_get(access, pk)
    if not (may_record_consent(access, case) and disclosure.identity_shown(access, case)):
        raise Http404
    guardians = case.student.guardians.order_by("pk")
    form = ConsentForm(request.POST or None, request.FILES or None, guardians=guardians)
    if request.method == "POST" and form.is_valid():
        try:
            consent_record(access=access, case=case, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Samtykket er registrert."))
            return redirect("cases:case_detail", case.pk)
    access.log(action="consent.view", school_id=case.school_id, student_id=case.student_id, obj=case)
    context = {
        "case": case,
        "label": disclosure.case_label(access, case),
        "form": form,
        "consents": _with_scope_labels(consents_for_case(case)),
        "named": disclosure.has_consent(case),
        "nav": "cases",
    }
    return render(request, "cases/consent_form.html", context, status=400 if form.errors else 200)


def _with_scope_labels(consents):
    consents = list(consents)
    for consent in consents:
        consent.scope_labels = [str(ConsentScope(s).label) for s in consent.scopes if s in ConsentScope.values]
    return consents


@require_GET
def consent_scan_download(request, pk):
    access = access_for(request)
    consent = Consent.objects.filter(pk=pk).exclude(scanned_form="").first()
    if consent is None:
        raise Http404
    case = case_get(access, consent.case_id)
    if not disclosure.identity_shown(access, case):
        raise Http404
    access.log(action="consent.scan", school_id=case.school_id, student_id=case.student_id, obj=consent)
    return FileResponse(consent.scanned_form.open("rb"), as_attachment=True)
