"""Ladder presets (one JSON file per seed routine) and their loader."""

import json
from pathlib import Path

from django.db import transaction

PRESET_DIR = Path(__file__).parent


def preset_data(code: str) -> dict:
    path = PRESET_DIR / f"{code}.json"
    if not path.exists():
        raise ValueError(f"Unknown attendance ladder preset: {code}")
    return json.loads(path.read_text(encoding="utf-8"))


def preset_load(code: str, *, ladder_model=None, step_model=None):
    """Create or update the shared ladder `code` from its JSON file; idempotent.
    Also used by the data migration with historical models."""
    if ladder_model is None:
        from ..models import Ladder as ladder_model
        from ..models import LadderStep as step_model
    data = preset_data(code)
    with transaction.atomic():
        ladder = ladder_model.objects.filter(code=code, owner__isnull=True, school__isnull=True).first()
        if ladder is None:
            ladder = ladder_model(code=code)
        ladder.name = data["name"]
        ladder.threshold = data["threshold"]
        ladder.strict = data["strict"]
        ladder.description = data.get("description", "")
        ladder.save()
        for step in data["steps"]:
            step_model.objects.update_or_create(
                ladder=ladder,
                number=step["number"],
                defaults={
                    "title": step["title"],
                    "description": step.get("description", ""),
                    "phase": step["phase"],
                    "owner_role": step.get("owner_role", ""),
                    "owner_label": step.get("owner_label", ""),
                    "deadline_rule": step.get("deadline_rule", "none"),
                    "deadline_days": step.get("deadline_days", 0),
                    "evaluation_after_days": step.get("evaluation_after_days"),
                },
            )
    return ladder
