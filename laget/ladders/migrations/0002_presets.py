"""Data: the ladder presets (presets/*.json): Oslo's six forms of collaboration and BTI levels 0–3.

Reads the JSON files but no app code (migrations use historical models only)."""

import json
from pathlib import Path

from django.db import migrations

PRESETS = Path(__file__).resolve().parent.parent / "presets"
LEVEL_FIELDS = ("name", "description", "attendees", "optional_attendees", "attendees_note", "cadence")


def load_presets(Ladder, LadderLevel):
    for path in sorted(PRESETS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        ladder, _ = Ladder.objects.get_or_create(
            code=data["code"],
            defaults={k: data.get(k, "") for k in ("name", "description", "source", "log_name")}
            | {"strict": data["strict"]},
        )
        for level in data["levels"]:
            LadderLevel.objects.get_or_create(
                ladder=ladder,
                number=level["number"],
                defaults={k: level.get(k, [] if "attendees" in k and k != "attendees_note" else "") for k in LEVEL_FIELDS},
            )


def forwards(apps, schema_editor):
    load_presets(apps.get_model("ladders", "Ladder"), apps.get_model("ladders", "LadderLevel"))


class Migration(migrations.Migration):
    dependencies = [("ladders", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
