"""The meeting as an iCalendar invitation (METHOD:REQUEST), with a UID stable per meeting."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .selectors import agenda_items


def meeting_uid(meeting) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "laget"
    return f"laget-meeting-{meeting.pk}@{host}"


def meeting_ics(meeting, *, viewer, items=None) -> bytes:
    """One VEVENT in UTC; SEQUENCE follows the invitation round, so a resend updates the calendar entry.
    The agenda in the description is as `viewer` (the recipient) may see it (laget.cases.disclosure)."""
    cal = Calendar()
    cal.add("prodid", "-//Laget//ressursteam//NO")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    starts = meeting.starts_at.astimezone(datetime.UTC)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + datetime.timedelta(minutes=meeting.duration_minutes))
    event.add("sequence", meeting.invitation_round)
    event.add("summary", f"{meeting.get_kind_display()} – {meeting.team.school.name}")
    if meeting.location:
        event.add("location", meeting.location)
    items = agenda_items(meeting, viewer=viewer) if items is None else items
    lines = [f"{item.get_part_display()}: {item.label} ({item.minutes} min)" for item in items]
    event.add("description", "\n".join(lines))
    cal.add_component(event)
    return cal.to_ical()
