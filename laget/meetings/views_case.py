"""Views where a case meets a meeting: the lead puts a case on a meeting from the case page, and a
teacher invited to an item sees that item of the meeting (and nothing else of it)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget.audit.services import access_log_write_many
from laget.cases.selectors import case_get
from laget.organisations.access import access_for

from .case_agenda import agenda_case_put, upcoming_meetings_for_school
from .selectors import participant_meeting_get, school_staff


@require_POST
def case_put(request, pk):
    access = access_for(request)
    case = case_get(access, pk)
    back = reverse("cases:case_detail", args=[case.pk]) + "#moter"
    meeting = _pick(upcoming_meetings_for_school(case.school_id), request.POST.get("meeting"))
    preparer = _pick(
        get_user_model().objects.filter(pk__in=[u.pk for u in school_staff(case.school_id)]),
        request.POST.get("preparer"),
    )
    if request.POST.get("meeting") and meeting is None:
        messages.error(request, _("Møtet finnes ikke lenger eller har begynt. Velg et annet møte."))
        return redirect(back)
    try:
        item = agenda_case_put(access=access, case=case, meeting=meeting, preparer=preparer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("Saken er satt på sakslisten til møtet %(date)s. Den som meldte saken og kontaktlærer er invitert.")
        % {"date": timezone.localtime(item.meeting.starts_at).strftime("%d.%m.%Y")},
    )
    return redirect(reverse("meetings:meeting_detail", args=[item.meeting_id]) + f"#punkt-{item.pk}")


def _pick(queryset, value):
    try:
        return queryset.filter(pk=int(value)).first() if value else None
    except (TypeError, ValueError):
        return None


def participant_meeting_detail(request, access, pk):
    """The meeting as an invited teacher sees it: time, place and their items only (rule 1)."""
    meeting, items = participant_meeting_get(access, pk)
    students = {i.case.student_id: i for i in items if i.case_id and i.case.student_id}
    access_log_write_many(
        user=access.user,
        role=_("Invitert til punkt"),
        action="meeting.view",
        school_id=meeting.team.school_id,
        rows=[(None, meeting), *students.items()],
    )
    return render(request, "meetings/meeting_participant.html", {"nav": "meetings", "meeting": meeting, "items": items})


@require_POST
def topic_to_case(request, pk):
    """From the minutes: make a system topic a system case and go on to its action plan."""
    from .case_agenda import agenda_topic_make_case
    from .selectors import agenda_item_get

    access = access_for(request)
    item = agenda_item_get(access, pk)
    try:
        case = agenda_topic_make_case(access=access, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("meetings:minutes", args=[item.meeting_id]) + f"#punkt-{item.pk}")
    messages.success(request, _("Temaet er nå systemsak %(number)s. Skriv tiltaksplanen.") % {"number": case.number})
    return redirect(reverse("plans:plan_create", args=[case.pk]) + f"?meeting={item.meeting_id}")
