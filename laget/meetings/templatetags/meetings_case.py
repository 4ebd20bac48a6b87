"""The case page's "Møter" panel: where the case is on an agenda, and for the lead the one-step
"put on a meeting" form. Lives here because meetings sit above cases (cases never import meetings)."""

from django import template
from django.utils import timezone

from laget.organisations.access import access_for

from ..case_agenda import next_team_meeting, upcoming_meetings_for_school
from ..models import AgendaItem
from ..selectors import school_staff

register = template.Library()


@register.inclusion_tag("meetings/_case_meetings_panel.html", takes_context=True)
def case_meetings_panel(context, case):
    request = context["request"]
    access = access_for(request)
    items = list(
        AgendaItem.objects.filter(case=case).select_related("meeting", "preparer").order_by("-meeting__starts_at")
    )
    leads = access.leads(case.school_id)
    data = {"case": case, "items": items, "may_put": False, "now": timezone.now()}
    if leads and case.status == case.Status.OPEN:
        on = {i.meeting_id for i in items if i.kind == AgendaItem.Kind.CASE}
        meetings = [m for m in upcoming_meetings_for_school(case.school_id) if m.pk not in on]
        nxt = next_team_meeting(case.school_id)
        author_id = getattr(getattr(case, "referral", None), "author_id", None) if _has_referral(case) else None
        data.update(
            may_put=True,
            meetings=meetings,
            next_meeting=nxt if nxt and nxt.pk not in on else None,
            staff=school_staff(case.school_id),
            default_preparer=author_id,
            csrf_token=context.get("csrf_token"),
        )
    return data


def _has_referral(case) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return case.referral is not None
    except ObjectDoesNotExist:
        return False
