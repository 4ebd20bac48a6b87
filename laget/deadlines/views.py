"""Deadline pages: per school (team leads and members), per person, and the private calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget.organisations.access import access_for

from . import selectors, services
from .feed import calendar_feed_ics


@require_GET
def school_deadlines(request):
    """Open deadlines of the user's school, overdue marked, filterable by kind."""
    access = access_for(request)
    schools = selectors.deadline_schools(access)
    if not schools:
        return redirect("deadlines:mine")
    school_id = request.GET.get("skole") or schools[0].pk
    try:
        school_id = int(school_id)
    except ValueError as exc:
        raise Http404 from exc
    school = next((s for s in schools if s.pk == school_id), None)
    if school is None:
        raise Http404
    kind = request.GET.get("type", "")
    all_rows = selectors.school_deadlines(access, school_id=school.pk)
    rows = [r for r in all_rows if r.item.kind == kind] if kind else all_rows
    context = {
        "nav": "deadlines",
        "school": school,
        "schools": schools,
        "rows": rows,
        "kinds": selectors.kinds_present(all_rows),
        "kind": kind,
        "overdue_count": sum(1 for r in rows if r.overdue),
    }
    return render(request, "deadlines/school.html", context)


@require_GET
def mine(request):
    """My open deadlines and my private calendar link."""
    access = access_for(request)
    feed = selectors.feed_of(request.user)
    feed_url = request.build_absolute_uri(reverse("deadlines:calendar_feed", args=[feed.token])) if feed else ""
    context = {
        "nav": "deadlines",
        "rows": selectors.my_deadlines(access),
        "feed": feed,
        "feed_url": feed_url,
        "today": timezone.localdate(),
    }
    return render(request, "deadlines/mine.html", context)


@require_POST
def feed_regenerate(request):
    services.feed_regenerate(user=request.user)
    messages.success(request, _("Ny kalenderlenke er laget. Den gamle lenken virker ikke lenger."))
    return redirect(reverse("deadlines:mine") + "#kalender")


@require_POST
def feed_revoke(request):
    services.feed_revoke(user=request.user)
    messages.success(request, _("Kalenderlenken er slettet."))
    return redirect(reverse("deadlines:mine") + "#kalender")


@login_not_required
@require_GET
def calendar_feed(request, token):
    """The .ics behind a private token (calendar apps cannot log in). Unknown token: 404."""
    feed = selectors.feed_by_token(token)
    if feed is None:
        raise Http404
    response = HttpResponse(calendar_feed_ics(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="laget.ics"'
    return response
