"""Data: the attendance follower role (nærværsoppfølger) and the Breivang ladder preset.

Reads the preset's JSON file but no app code (migrations use historical models only)."""

import json
from pathlib import Path

from django.db import migrations

PRESET = Path(__file__).resolve().parent.parent / "presets" / "breivang.json"


def forwards(apps, schema_editor):
    Role = apps.get_model("organisations", "Role")
    Role.objects.get_or_create(code="narvaerfolger", defaults={"name": "Nærværsoppfølger"})
    Ladder = apps.get_model("attendance", "Ladder")
    LadderStep = apps.get_model("attendance", "LadderStep")
    data = json.loads(PRESET.read_text(encoding="utf-8"))
    ladder, _ = Ladder.objects.get_or_create(
        code=data["code"],
        owner=None,
        school=None,
        defaults={
            "name": data["name"],
            "threshold": data["threshold"],
            "strict": data["strict"],
            "description": data.get("description", ""),
        },
    )
    for step in data["steps"]:
        LadderStep.objects.get_or_create(
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


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial"), ("organisations", "0002_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
