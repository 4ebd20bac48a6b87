"""Views for planning: meeting list, new meeting / series, agenda, invitation. Thin: selectors + services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from laget.audit.services import access_log_write_many
from laget.cases import disclosure
from laget.forms import form_add_service_errors
from laget.organisations.access import access_for
from laget.organisations.models import Team
from laget.pagination import paginate

from . import services
from .calendar import meeting_ics as build_ics
from .forms import AgendaItemForm, MeetingForm, SeriesForm
from .invitations import meeting_send_invitation
from .models import Meeting
from .selectors import (
    agenda_item_get,
    agenda_items,
    agenda_parts,
    individual_case_count,
    meeting_get,
    meetings_for,
    open_cases_for_agenda,
    school_staff,
)

UPCOMING_LIMIT = 100  # a year of weekly meetings and then some

WEEKDAYS = [
    gettext_lazy("mandag"),
    gettext_lazy("tirsdag"),
    gettext_lazy("onsdag"),
    gettext_lazy("torsdag"),
    gettext_lazy("fredag"),
    gettext_lazy("lørdag"),
    gettext_lazy("søndag"),
]


def log_meeting_read(access, meeting, items, action="meeting.view"):
    """One access-log row for the meeting and one per student whose case is on it (rule 4), in constant queries."""
    students = {i.case.student_id: i for i in items if i.case_id and i.case.student_id}
    rows = [(None, meeting), *list(students.items())]
    access_log_write_many(
        user=access.user,
        role=access.role_label(meeting.team.school_id),
        action=action,
        school_id=meeting.team.school_id,
        rows=rows,
    )


def _led_teams(access):
    return Team.objects.filter(pk__in=[m.team_id for m in access.memberships if m.role.leads_team]).select_related(
        "school"
    )


def meeting_list(request):
    access = access_for(request)
    now = timezone.now()
    meetings = meetings_for(access)
    # History pages (newest first); the coming meetings are few and shown whole on every page.
    page, query = paginate(request, meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk"))
    context = {
        "nav": "meetings",
        "upcoming": list(meetings.filter(starts_at__gte=now)[:UPCOMING_LIMIT]),
        "past": list(page.object_list),
        "page": page,
        "query": query,
        "can_plan": bool(access.lead_school_ids),
    }
    return render(request, "meetings/meeting_list.html", context)


def meeting_create(request):
    access = access_for(request)
    teams = _led_teams(access)
    if not teams.exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        meeting = services.meeting_create(
            access=access,
            team=d["team"],
            starts_at=form.starts_at(),
            duration_minutes=d["duration_minutes"],
            location=d["location"],
            kind=d["kind"],
            participants_note=d["participants_note"] if d["kind"] == Meeting.Kind.RESPONSIBILITY_GROUP else "",
        )
        messages.success(request, _("Møtet er opprettet."))
        return redirect("meetings:meeting_detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"nav": "meetings", "form": form})


def series_create(request):
    access = access_for(request)
    teams = _led_teams(access)
    if not teams.exists():
        raise PermissionDenied
    form = SeriesForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        created = services.meeting_series_create(
            access=access, team=d["team"], first_date=d["first_date"], count=d["count"]
        )
        messages.success(request, _("%(count)s møter er opprettet.") % {"count": len(created)})
        return redirect("meetings:meeting_list")
    teams = list(teams)
    for team in teams:
        team.weekday_name = WEEKDAYS[team.meeting_weekday % 7]
    return render(request, "meetings/series_form.html", {"nav": "meetings", "form": form, "teams": teams})


def _agenda_context(access, meeting, add_form=None):
    items = agenda_items(meeting, viewer=access)
    is_lead = access.leads(meeting.team.school_id)
    count = individual_case_count(items)
    limit = meeting.team.max_individual_cases
    if is_lead and add_form is None and not meeting.is_locked:
        add_form = AgendaItemForm(
            cases=open_cases_for_agenda(access, meeting),
            staff=_staff_qs(meeting),
            access=access,
            meeting=meeting,
            initial={"part": 1},
        )
    return items, {
        "nav": "meetings",
        "meeting": meeting,
        "parts": agenda_parts(meeting, items),
        "total": sum(i.minutes for i in items),
        "is_lead": is_lead,
        "case_count": count,
        "too_many_cases": bool(limit and count > limit),
        "add_form": add_form,
    }


def _staff_qs(meeting):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=[u.pk for u in school_staff(meeting.team.school_id)])


def meeting_detail(request, pk):
    access = access_for(request)
    try:
        meeting = meeting_get(access, pk)
    except Http404:
        from .views_case import participant_meeting_detail

        return participant_meeting_detail(request, access, pk)  # 404 unless invited to an item
    items, context = _agenda_context(access, meeting)
    log_meeting_read(access, meeting, items)
    return render(request, "meetings/meeting_detail.html", context)


@require_POST
def agenda_item_add(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    services.require_lead(access, meeting)
    form = AgendaItemForm(
        request.POST,
        cases=open_cases_for_agenda(access, meeting),
        staff=_staff_qs(meeting),
        access=access,
        meeting=meeting,
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.agenda_item_add(
                access=access,
                meeting=meeting,
                part=d["part"],
                title=d["title"],
                description=d["description"],
                case=d["case"],
                preparer=d["preparer"],
                minutes=d["minutes"],
            )
        except ValidationError as e:
            form_add_service_errors(form, e)
        else:
            messages.success(request, _("Punktet er lagt til."))
            return redirect(f"{meeting_url(meeting)}#del-{d['part']}")
    items, context = _agenda_context(access, meeting, add_form=form)
    log_meeting_read(access, meeting, items)
    return render(request, "meetings/meeting_detail.html", context, status=400)


def agenda_item_edit(request, pk):
    access = access_for(request)
    item = agenda_item_get(access, pk)
    meeting = item.meeting
    services.require_lead(access, meeting)
    cases = open_cases_for_agenda(access, meeting)
    initial = {
        "part": item.part,
        "case": item.case_id,
        "title": item.title,
        "description": item.description,
        "preparer": item.preparer_id,
        "minutes": item.minutes,
        "version": item.version,
    }
    form = AgendaItemForm(request.POST or None, initial=initial, cases=cases, staff=_staff_qs(meeting), meeting=meeting)
    form.fields["case"].disabled = True
    form.fields["case"].help_text = _(
        "Saken kan ikke byttes på et punkt som står på sakslisten: referat, oppgaver og sakens logg hører til "
        "denne saken. Fjern punktet og legg til et nytt punkt for en annen sak."
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.agenda_item_update(
                access=access,
                item=item,
                version=d["version"] or 0,
                part=d["part"],
                title=d["title"],
                description=d["description"],
                preparer=d["preparer"],
                minutes=d["minutes"],
            )
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                form_add_service_errors(form, e)
            else:
                conflict = e.messages[0]
                item.refresh_from_db()
        else:
            messages.success(request, _("Punktet er endret."))
            return redirect(f"{meeting_url(meeting)}#punkt-{item.pk}")
    access.log(
        action="meeting.agenda_view",
        school_id=meeting.team.school_id,
        student_id=item.case.student_id if item.case_id else None,
        obj=item,
    )
    if conflict:
        disclosure.label_items(access, [item])
    return render(
        request,
        "meetings/item_form.html",
        {"nav": "meetings", "meeting": meeting, "item": item, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@require_POST
def agenda_item_remove(request, pk):
    access = access_for(request)
    item = agenda_item_get(access, pk)
    try:
        services.agenda_item_remove(access=access, item=item, confirmed="confirm" in request.POST)
        messages.success(request, _("Punktet er fjernet fra sakslisten."))
    except services.NeedsConfirmation as e:
        return confirm_page(
            request,
            title=_("Fjerne punktet fra et startet møte?"),
            message=e.messages[0],
            action=reverse("meetings:agenda_item_remove", args=[item.pk]),
            confirm_label=_("Fjern punktet"),
            cancel_url=meeting_url(item.meeting),
        )
    except ValidationError as e:
        messages.error(request, e.messages[0])
    return redirect(meeting_url(item.meeting))


def confirm_page(request, **context):
    """Ask before an irreversible step; the form posts the same action again with confirm=1."""
    return render(request, "includes/confirm.html", {"nav": "meetings", "danger": True, **context})


@require_POST
def agenda_item_move(request, pk):
    access = access_for(request)
    item = agenda_item_get(access, pk)
    try:
        services.agenda_item_move(access=access, item=item, direction=request.POST.get("direction", "down"))
    except ValidationError as e:
        messages.error(request, e.messages[0])
    return redirect(f"{meeting_url(item.meeting)}#punkt-{item.pk}")


@require_POST
def invitation_send(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    try:
        round_ = meeting_send_invitation(access=access, meeting=meeting, confirmed="confirm" in request.POST)
    except services.NeedsConfirmation as e:
        return confirm_page(
            request,
            title=_("Sende innkalling til et møte som er startet?"),
            message=e.messages[0],
            action=reverse("meetings:invitation_send", args=[meeting.pk]),
            confirm_label=_("Send innkallingen likevel"),
            cancel_url=meeting_url(meeting),
        )
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        msg = _("Innkallingen sendes nå til teamet.") if round_ == 1 else _("Innkallingen sendes på nytt til teamet.")
        messages.success(request, msg)
    return redirect(meeting_url(meeting))


def meeting_ics(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    log_meeting_read(access, meeting, agenda_items(meeting, viewer=access), action="meeting.ics")
    response = HttpResponse(build_ics(meeting, viewer=access), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mote-{meeting.pk}.ics"'
    return response


def meeting_url(meeting):
    from django.urls import reverse

    return reverse("meetings:meeting_detail", args=[meeting.pk])
