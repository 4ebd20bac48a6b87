"""What changed between two routine versions, for people to read."""

import json


def _show(value) -> str:
    if isinstance(value, str | int | float | bool) or value is None:
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, indent=1)


def version_diff(old: dict | None, new: dict) -> list[dict]:
    """One row per top-level key that differs: {"key", "old", "new"} (values as readable JSON)."""
    old = old or {}
    rows = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            rows.append({"key": key, "old": _show(old.get(key)) if key in old else "", "new": _show(new.get(key))})
    return rows
