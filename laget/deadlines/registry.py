"""The deadline engine's one entry point for the rest of Laget.

Every part with deadlines (tasks, measure evaluations, attendance-ladder steps, PPT steps,
reports, annual-wheel items) registers a *provider*: a function that yields the open
deadlines it knows about. The engine (laget/deadlines/engine.py) asks all providers, shows the
deadlines on the deadline pages and the calendar feed, and sends reminders and escalations
exactly once per (key, stage).

A provider must be cheap (a few queries regardless of rows) and must only yield deadlines
that are still open (not done); `key` is stable for the life of the deadline, e.g.
"task:42" or "ppt.iep:7" — a reminder already sent for a key is never sent again.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DeadlineItem:
    key: str  # stable and unique across Laget, e.g. "task:42"
    kind: str  # e.g. "task", "measure", "ladder_step", "ppt", "report", "wheel"
    school_id: int
    owner_id: int  # the user responsible
    due: datetime.date
    title: str  # Norwegian, must not name a student (it goes into e-mails)
    url: str  # path of the page where the deadline is handled
    case_id: int | None = None


Provider = Callable[..., Iterable[DeadlineItem]]
_providers: dict[str, Provider] = {}


def register(name: str):
    """Decorator: @register("tasks") def provider(*, school_ids=None, owner_id=None, until=None): ..."""

    def decorator(func: Provider) -> Provider:
        _providers[name] = func
        return func

    return decorator


def providers() -> dict[str, Provider]:
    return dict(_providers)


def open_deadlines(*, school_ids=None, owner_id=None, until=None) -> list[DeadlineItem]:
    """All open deadlines, optionally for some schools, one owner, or due on or before `until`."""
    items: list[DeadlineItem] = []
    for provider in _providers.values():
        items.extend(provider(school_ids=school_ids, owner_id=owner_id, until=until))
    return sorted(items, key=lambda d: (d.due, d.key))
