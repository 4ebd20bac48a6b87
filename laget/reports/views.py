"""Key figures (nøkkeltall), per meeting and per school year, the CSV export, the compliance view and
the owner's aggregate view. Thin: the numbers come from figures.py and compliance.py."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from laget.cases.models import Case
from laget.meetings.selectors import meeting_get
from laget.organisations.access import access_for

from .compliance import compliance, routine_data
from .figures import Figures, compute, compute_meeting, school_year_bounds, school_year_label, school_year_of
from .selectors import owner_schools, school_for_compliance, school_for_figures, team_schools

AREA_LABELS = dict(Case.Area.choices)


def _year(request) -> int:
    current = school_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("ar", current))
    except ValueError:
        return current
    return year if 2000 <= year <= current + 1 else current


def _years(selected):
    current = school_year_of(timezone.localdate())
    return [(y, school_year_label(y)) for y in range(current, min(selected, current) - 4, -1)]


def area_label(code, labels=None) -> str:
    """The routine's own name for the area (Sandnes' four areas) when it has one, else the model's."""
    return (labels or {}).get(code) or AREA_LABELS.get(code) or _("Uten område")


def routine_area_labels(school) -> dict:
    data, _version = routine_data(school)
    return {a["code"]: a["label"] for a in data.get("case_areas") or [] if a.get("code") and a.get("label")}


def _area_rows(report, labels=None):
    areas = sorted(set(report.by_area) | set(report.cases_by_area), key=lambda a: (a == "", a))
    return [(area_label(a, labels), report.by_area.get(a), report.cases_by_area.get(a, 0)) for a in areas]


@require_GET
def school_figures(request):
    access = access_for(request)
    school = school_for_figures(access, request.GET.get("skole"))
    year = _year(request)
    start, end = school_year_bounds(year)
    report = compute([school.pk], start, end)
    labels = routine_area_labels(school)
    rows = [(m, report.by_meeting[m.pk]) for m in report.meetings]
    return render(
        request,
        "reports/school.html",
        {
            "nav": "reports",
            "school": school,
            "schools": team_schools(access),
            "year": year,
            "year_label": school_year_label(year),
            "years": _years(year),
            "report": report,
            "rows": rows,
            "area_rows": _area_rows(report, labels),
            "case_rows": [(c, area_label(c.area, labels)) for c in report.total.case_times],
            "leads": access.leads(school.pk),
        },
    )


CSV_HEADER = [
    "omfang",
    "dato",
    "område",
    "1 median dager til avslutning/henvisning",
    "1 saker avsluttet/henvist",
    "2 systemsaker drøftet",
    "3 systemtiltak iverksatt",
    "4 ansatte som får nytte (sum)",
    "4 systemtiltak uten antall ansatte",
    "5 individsaker drøftet",
    "6 systemtiltak knyttet til individsak",
    "7 individtiltak knyttet til individsak",
]


def _csv_row(scope, date, area, fig):
    median = fig.median_days
    return [
        scope,
        date,
        area,
        "" if median is None else str(median).replace(".", ","),
        len(fig.ended),
        fig.system_cases,
        fig.system_measures_started,
        fig.staff_benefiting_total,
        fig.staff_benefiting_missing,
        fig.individual_cases,
        fig.system_measures_individual,
        fig.individual_measures_individual,
    ]


@require_GET
def school_figures_csv(request):
    """One row per meeting, one for the school year and one per case area; `;`-separated for Excel."""
    access = access_for(request)
    school = school_for_figures(access, request.GET.get("skole"))
    year = _year(request)
    start, end = school_year_bounds(year)
    report = compute([school.pk], start, end)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nokkeltall-{school.pk}-{year}-{year + 1}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    for m in report.meetings:
        day = timezone.localdate(m.starts_at)
        writer.writerow(_csv_row("møte", day.strftime("%d.%m.%Y"), "", report.by_meeting[m.pk]))
    writer.writerow(_csv_row("skoleår", school_year_label(year), "", report.total))
    for label, fig, _count in _area_rows(report, routine_area_labels(school)):
        if fig is not None:
            writer.writerow(_csv_row("område", school_year_label(year), label, fig))
    return response


@require_GET
def meeting_figures(request, pk):
    access = access_for(request)
    meeting = meeting_get(access, pk)
    fig = compute_meeting(meeting)
    return render(
        request,
        "reports/meeting.html",
        {
            "nav": "meetings",
            "meeting": meeting,
            "fig": fig,
            "case_rows": [(c, area_label(c.area)) for c in fig.case_times],
        },
    )


@require_GET
def compliance_view(request):
    access = access_for(request)
    school = school_for_compliance(access, request.GET.get("skole"))
    year = _year(request)
    schools = [s for s in team_schools(access) if access.leads(s.pk)]
    return render(
        request,
        "reports/compliance.html",
        {
            "nav": "reports",
            "school": school,
            "schools": schools,
            "year": year,
            "year_label": school_year_label(year),
            "years": _years(year),
            "lines": compliance(school, year),
        },
    )


@require_GET
def owner_figures(request):
    """Aggregates per school and in total across the owner's schools; numbers only, never names or case numbers."""
    access = access_for(request)
    schools = owner_schools(access)
    year = _year(request)
    start, end = school_year_bounds(year)
    # One computation for every school: a constant number of queries however many schools there are.
    total = compute([s.pk for s in schools], start, end)
    per_school = [(s, total.by_school.get(s.pk) or Figures()) for s in schools]
    return render(
        request,
        "reports/owner.html",
        {
            "nav": "reports",
            "year": year,
            "year_label": school_year_label(year),
            "years": _years(year),
            "total": total,
            "per_school": per_school,
            "area_rows": _area_rows(total),
        },
    )
