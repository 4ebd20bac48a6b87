"""A person's calendar (.ics): their teams' meetings and their own open deadlines.

No student names: meetings carry kind, school and place only (no agenda), deadlines their title.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from laget.meetings.calendar import meeting_uid

from .registry import open_deadlines
from .selectors import feed_meetings, kind_label


def _host() -> str:
    return settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "laget"


def calendar_feed_ics(user) -> bytes:
    site = settings.SITE_URL.rstrip("/")
    stamp = timezone.now().astimezone(datetime.UTC)
    cal = Calendar()
    cal.add("prodid", "-//Laget//frister//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Laget")
    for meeting in feed_meetings(user):
        starts = meeting.starts_at.astimezone(datetime.UTC)
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", starts)
        event.add("dtend", starts + datetime.timedelta(minutes=meeting.duration_minutes))
        event.add("sequence", meeting.invitation_round)
        event.add("summary", f"{meeting.get_kind_display()} – {meeting.team.school.name}")
        if meeting.location:
            event.add("location", meeting.location)
        event.add("url", f"{site}/moter/{meeting.pk}/")
        cal.add_component(event)
    for item in open_deadlines(owner_id=user.pk):
        event = Event()
        event.add("uid", f"laget-deadline-{item.key.replace(':', '-')}@{_host()}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + datetime.timedelta(days=1))
        event.add("summary", _("Frist: %(title)s") % {"title": item.title})
        event.add("categories", [kind_label(item.kind)])
        event.add("url", site + item.url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
