"""Views for the meeting itself and after: attendance, minutes with autosave, the task log, approval."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget.cases import disclosure
from laget.cases.models import Case
from laget.cases.name_warning import CHOICE_FIELD as NAMES_CHOICE
from laget.cases.name_warning import REMOVE as NAMES_REMOVE
from laget.organisations.access import access_for

from . import minutes as minutes_services
from .forms import AttendanceForm, NotesForm, TaskForm
from .models import MinutesVersion
from .selectors import agenda_item_get, agenda_items, attendance_rows, meeting_get, school_staff, task_get
from .views import log_meeting_read


def _staff_qs(school_id):
    return get_user_model().objects.filter(pk__in=[u.pk for u in school_staff(school_id)]).order_by("first_name")


@require_POST
def meeting_start(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    try:
        minutes_services.meeting_start(access=access, meeting=meeting)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, _("Møtet er startet. Registrer oppmøte og referent."))
        return redirect("meetings:attendance", meeting.pk)
    return redirect("meetings:meeting_detail", meeting.pk)


@require_POST
def meeting_finish(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    try:
        minutes_services.meeting_finish(access=access, meeting=meeting)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, _("Møtet er avsluttet. Teamleder godkjenner referatet."))
    return redirect("meetings:minutes", meeting.pk)


def attendance(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    if not meeting.is_locked:
        minutes_services.attendance_ensure(meeting=meeting)
    rows = attendance_rows(meeting)
    form = AttendanceForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            minutes_services.attendance_record(
                access=access, meeting=meeting, statuses=form.statuses(), referent_id=form.cleaned_data["referent"]
            )
        except ValidationError as e:
            for field, errs in getattr(e, "message_dict", {"__all__": e.messages}).items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Oppmøtet er lagret."))
            return redirect("meetings:minutes", meeting.pk)
    access.log(action="meeting.attendance_view", school_id=meeting.team.school_id, obj=meeting)
    return render(
        request,
        "meetings/attendance.html",
        {"nav": "meetings", "meeting": meeting, "form": form, "is_lead": access.leads(meeting.team.school_id)},
        status=400 if form.errors else 200,
    )


def _minutes_context(access, meeting, *, typed=None, conflict=None, task_forms=None):
    """`typed`/`conflict`/`task_forms` carry what the user posted back onto the page (nothing typed is lost)."""
    items = agenda_items(meeting, viewer=access, with_tasks=True)
    staff = _staff_qs(meeting.team.school_id)
    task_forms = task_forms or {}
    for item in items:
        item.task_form = task_forms.get(item.pk) or TaskForm(
            staff=staff, prefix=f"task-{item.pk}", case=disclosure.item_case(item)
        )
        item.typed_notes = typed[1] if typed and typed[0] == item.pk else item.notes
        item.conflict = conflict if conflict and conflict.current.pk == item.pk else None
        case = disclosure.item_case(item)
        item.named = disclosure.identity_shown(access, case)
        # Notes that name the child are not put in an editable field for someone the case is
        # anonymous to: they could neither see nor keep the names (rule 8).
        item.notes_locked = bool(case and not item.named and disclosure.names_in_text(item.notes, case.student))
    return items, {
        "nav": "meetings",
        "meeting": meeting,
        "items": items,
        "attendance": attendance_rows(meeting),
        "is_lead": access.leads(meeting.team.school_id),
        "versions": list(meeting.minutes_versions.all()),
    }


def minutes(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    items, context = _minutes_context(access, meeting)
    log_meeting_read(access, meeting, items, action="minutes.view")
    return render(request, "meetings/minutes.html", context)


@require_POST
def notes_save(request, pk):
    """Autosave (htmx: answers a small status) and plain submit (redirects back, or re-renders on conflict)."""
    access = access_for(request)
    item = agenda_item_get(access, pk)
    form = NotesForm(request.POST)
    if not form.is_valid():
        raise Http404
    d = form.cleaned_data
    version = d["overwrite_version"] if d["overwrite_version"] is not None else d["version"]
    case = disclosure.item_case(item)
    notes = d["notes"]
    if case is not None and request.POST.get(NAMES_CHOICE) == NAMES_REMOVE:
        notes = disclosure.redact_names(notes, case.student)
    try:
        saved = minutes_services.notes_save(access=access, item=item, notes=notes, version=version)
    except minutes_services.NotesConflict as conflict:
        return _notes_refused(request, access, item, d["notes"], conflict)
    except ValidationError as e:
        if request.htmx:
            return render(request, "meetings/_notes_status.html", {"item": item, "error": e.messages[0]})
        messages.error(request, e.messages[0])
        return redirect("meetings:minutes", item.meeting_id)
    # Where the case is anonymous, minutes that name the child are saved (nothing typed is lost),
    # with a warning and the offer to remove the names (laget.cases.name_warning).
    names = []
    if case is not None and case.student_id and not disclosure.has_consent(case):
        names = disclosure.names_in_text(saved.notes, case.student)
    if request.htmx:
        return render(
            request,
            "meetings/_notes_status.html",
            {"item": saved, "saved_at": timezone.localtime(saved.notes_updated_at or timezone.now()), "names": names},
        )
    if names:
        messages.warning(
            request,
            _("Referatet er lagret, men nevner %(names)s. Saken er anonym: fjern navnene.")
            % {"names": ", ".join(names)},
        )
        return redirect(reverse("meetings:minutes", args=[item.meeting_id]) + f"#punkt-{item.pk}")
    messages.success(request, _("Referatet er lagret."))
    return redirect(reverse("meetings:minutes", args=[item.meeting_id]) + f"#punkt-{item.pk}")


def _notes_refused(request, access, item, typed, conflict):
    if request.htmx:
        access.log(
            action="minutes.view",
            school_id=item.meeting.team.school_id,
            student_id=item.case.student_id if item.case_id else None,
            obj=item,
        )
        redact = disclosure.redactor(access, disclosure.item_case(item))
        context = {"item": item, "conflict": conflict, "typed": typed, "redact": redact}
        return render(request, "meetings/_notes_status.html", context)
    meeting = item.meeting
    items, context = _minutes_context(access, meeting, typed=(item.pk, typed), conflict=conflict)
    log_meeting_read(access, meeting, items, action="minutes.view")
    return render(request, "meetings/minutes.html", context, status=409)


@require_POST
def task_create(request, pk):
    access = access_for(request)
    item = agenda_item_get(access, pk)
    meeting = item.meeting
    form = TaskForm(
        request.POST, staff=_staff_qs(meeting.team.school_id), prefix=f"task-{item.pk}", case=disclosure.item_case(item)
    )
    if form.is_valid():
        try:
            minutes_services.task_create(access=access, item=item, **form.cleaned_data)
        except ValidationError as e:
            for field, errs in getattr(e, "message_dict", {"__all__": e.messages}).items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Oppgaven er lagt i loggen."))
            return redirect(reverse("meetings:minutes", args=[meeting.pk]) + f"#punkt-{item.pk}")
    items, context = _minutes_context(access, meeting, task_forms={item.pk: form})
    log_meeting_read(access, meeting, items, action="minutes.view")
    return render(request, "meetings/minutes.html", context, status=400)


@require_POST
def minutes_approve(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    if "confirm" not in request.POST:
        from .services import require_lead
        from .views import confirm_page

        require_lead(access, meeting)  # only the lead is asked

        return confirm_page(
            request,
            title=_("Godkjenne referatet?"),
            message=_(
                "Referatet låses og lagres som en versjon som ikke kan endres. Senere endringer blir en ny versjon, "
                "og saker og nøkkeltall regner møtet som holdt."
            ),
            action=reverse("meetings:minutes_approve", args=[meeting.pk]),
            confirm_label=_("Godkjenn referatet"),
            cancel_url=reverse("meetings:minutes", args=[meeting.pk]),
        )
    try:
        version = minutes_services.minutes_approve(access=access, meeting=meeting)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, _("Referatet er godkjent som versjon %(n)s.") % {"n": version.number})
    return redirect("meetings:minutes", meeting.pk)


@require_POST
def minutes_reopen(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    try:
        minutes_services.minutes_reopen(access=access, meeting=meeting)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, _("Referatet er åpnet for endringer. Neste godkjenning blir en ny versjon."))
    return redirect("meetings:minutes", meeting.pk)


def minutes_version(request, pk, number):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    version = MinutesVersion.objects.filter(meeting=meeting, number=number).select_related("approved_by").first()
    if version is None:
        raise Http404
    snapshot = version.snapshot
    latest_number = meeting.minutes_versions.order_by("-number").values_list("number", flat=True).first()
    case_ids = {i["case_id"] for i in snapshot["items"] if i.get("case_id")}
    cases = {
        c.pk: c
        for c in Case.objects.filter(pk__in=case_ids)
        .select_related("student__school_class", "referral")
        .prefetch_related("consents__agencies", "student__guardians")
    }
    for item in snapshot["items"]:
        case = cases.get(item.get("case_id"))
        # A withdrawal after approval hides the name again from that moment.
        shown = case is None or disclosure.identity_shown(access, case)
        item["shown_label"] = item["label"] if shown else item["anonymous_label"]
        # Only the latest version is filed; an individual case's part of it goes to its student's folder.
        item["extract"] = case is not None and case.student_id is not None and version.number == latest_number
        item["redact"] = disclosure.redactor(access, case)
    rows = [(None, version)] + [(c.student_id, c) for c in cases.values() if c.student_id]
    from laget.audit.services import access_log_write_many

    access_log_write_many(
        user=access.user,
        role=access.role_label(meeting.team.school_id),
        action="minutes.version_view",
        school_id=meeting.team.school_id,
        rows=rows,
    )
    return render(
        request,
        "meetings/minutes_version.html",
        {"nav": "meetings", "meeting": meeting, "version": version, "snapshot": snapshot},
    )


@require_POST
def task_done(request, pk):
    access = access_for(request)
    task = task_get(access, pk)
    minutes_services.task_done(access=access, task=task)
    messages.success(request, _("Oppgaven er merket som utført."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("meetings:meeting_list")
