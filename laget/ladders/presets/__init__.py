"""The ladder presets (one JSON file per ladder). Loaded by migration 0002; `ensure_ladder_presets`
puts them back after a transactional test has flushed the migration's rows."""

import json
from pathlib import Path

PRESETS = Path(__file__).resolve().parent
LEVEL_FIELDS = ("name", "description", "attendees", "optional_attendees", "attendees_note", "cadence")


def preset_data() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(PRESETS.glob("*.json"))]


def ensure_ladder_presets():
    from laget.ladders.models import Ladder, LadderLevel

    for data in preset_data():
        ladder, _ = Ladder.objects.get_or_create(
            code=data["code"],
            defaults={k: data.get(k, "") for k in ("name", "description", "source", "log_name")}
            | {"strict": data["strict"]},
        )
        for level in data["levels"]:
            LadderLevel.objects.get_or_create(
                ladder=ladder, number=level["number"], defaults={k: level[k] for k in LEVEL_FIELDS}
            )
