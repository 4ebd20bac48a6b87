"""Dates of the school year (August → July) and of a wheel item in it."""

import calendar
import datetime


def school_year_of(day: datetime.date) -> int:
    """The year a school year starts: 2026 for 01.08.2026–31.07.2027."""
    return day.year if day.month >= 8 else day.year - 1


def calendar_year(month: int, year: int) -> int:
    return year if month >= 8 else year + 1


def month_bounds(month: int, year: int) -> tuple[datetime.date, datetime.date]:
    cy = calendar_year(month, year)
    return datetime.date(cy, month, 1), datetime.date(cy, month, calendar.monthrange(cy, month)[1])


def base_date(item, year: int) -> datetime.date:
    """The item's own date: its day, the Monday of its week, or the first of its month."""
    first, last = month_bounds(item.month, year)
    if item.day:
        return first.replace(day=min(item.day, last.day))
    if item.week:
        try:
            monday = datetime.date.fromisocalendar(first.year, item.week, 1)
        except ValueError:
            return first
        return min(max(monday, first), last)
    return first


def next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def item_due(item, year: int, meeting_weekday: int = 1) -> datetime.date:
    """When the item falls due in school year `year`: a meeting on the team's weekday from the base
    date, a task on its day (or the last day of the month), an agenda item from the base date."""
    _first, last = month_bounds(item.month, year)
    base = base_date(item, year)
    if item.creates == "meeting":
        return next_weekday(base, meeting_weekday % 7)
    if item.creates == "task" and not item.day and not item.week:
        return last
    return base
