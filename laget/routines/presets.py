"""The routine presets: one JSON file per seed routine in `presets/`, and their validation."""

import json
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PRESET_DIR = Path(__file__).resolve().parent / "presets"

REQUIRED_KEYS = {
    "roles": list,
    "invited_agencies": list,
    "meeting_types": list,
    "referral_categories": list,
    "consent": dict,
    "escalation_ladder": (str, type(None)),
    "attendance_ladder": (str, type(None)),
    "annual_wheel": list,
    "deadlines": dict,
    "key_figures": (str, type(None)),
    "case_areas": list,
    "tgl_visits_per_year": int,
    "revision": dict,
    "retention_years": int,
    "documents": dict,
    "limits": dict,
}
WHEEL_CREATES = {"meeting", "agenda_item", "task"}


def preset_codes() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.json"))


@cache
def _read(code: str) -> str:
    path = PRESET_DIR / f"{code}.json"
    if code not in preset_codes():
        raise KeyError(code)
    return path.read_text(encoding="utf-8")


def preset_data(code: str) -> dict:
    """A fresh copy of a preset's data (callers may change it)."""
    return json.loads(_read(code))


def preset_choices() -> list[tuple[str, str]]:
    return [(code, preset_data(code)["name"]) for code in preset_codes()]


def validate(data: dict) -> None:
    """Raise ValidationError unless the data has every documented key with the right shape."""
    errors = []
    for key, kind in REQUIRED_KEYS.items():
        if key not in data:
            errors.append(_("Mangler «%(key)s».") % {"key": key})
        elif not isinstance(data[key], kind):
            errors.append(_("«%(key)s» har feil type.") % {"key": key})
    if errors:
        raise ValidationError(errors)
    for role in data["roles"]:
        if not {"code", "name", "responsibility", "fixed"} <= role.keys():
            errors.append(_("En rolle mangler kode, navn, ansvar eller fast/invitert."))
    for mt in data["meeting_types"]:
        if not {"code", "name", "cadence_weeks", "minutes", "parts"} <= mt.keys():
            errors.append(_("En møtetype mangler kode, navn, hyppighet, lengde eller deler."))
    codes = [c.get("code") for c in data["referral_categories"]]
    if not codes or not all(codes) or len(set(codes)) != len(codes):
        errors.append(_("Kategoriene i meldeskjemaet må ha unike koder."))
    if any(not c.get("label") for c in data["referral_categories"]):
        errors.append(_("Hver kategori i meldeskjemaet må ha en tekst."))
    for item in data["annual_wheel"]:
        if item.get("creates") not in WHEEL_CREATES or not 1 <= int(item.get("month", 0)) <= 12:
            errors.append(_("Et punkt i årshjulet har ugyldig måned eller type."))
    if not {"required_before_named", "written", "scopes"} <= data["consent"].keys():
        errors.append(_("Samtykke mangler et felt."))
    if not {"iep_days", "keep_half_year_report"} <= data["deadlines"].keys():
        errors.append(_("Fristene mangler IOP-frist eller halvårsrapport."))
    if data["retention_years"] < 1:
        errors.append(_("Oppbevaringstiden må være minst ett år."))
    if errors:
        raise ValidationError(errors)


def team_meeting(data: dict) -> dict | None:
    """The resource-team meeting type of a routine (sets the team's cadence)."""
    types = data.get("meeting_types") or []
    return next((t for t in types if t.get("code") == "ressursteam"), types[0] if types else None)
