"""Forms of the routine page: pick a preset, edit the main settings."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from laget.forms import DsFormMixin

from .presets import preset_choices, team_meeting

CODE = re.compile(r"^[a-z0-9_]+$")


class PresetForm(DsFormMixin, forms.Form):
    preset = forms.ChoiceField(label=_l("Mal"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = preset_choices()


class RoutineSettingsForm(DsFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    meeting_minutes = forms.IntegerField(label=_l("Møtelengde (minutter)"), min_value=15, max_value=480)
    cadence_weeks = forms.IntegerField(
        label=_l("Møte hver … uke"),
        min_value=1,
        max_value=12,
        help_text=_l("1 = ukentlig, 2 = annenhver uke, 4 = månedlig."),
    )
    system_minutes = forms.IntegerField(label=_l("Minutter til systemarbeid"), min_value=0, max_value=480)
    referral_categories = forms.CharField(
        label=_l("Kategorier i meldeskjemaet"),
        help_text=_l("Én per linje: kode|tekst, f.eks. «lesevansker|Lesevansker». Koden beholdes når teksten endres."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    tgl_visits_per_year = forms.IntegerField(label=_l("TGL-besøk per skoleår"), min_value=0, max_value=20)
    retention_years = forms.IntegerField(
        label=_l("Oppbevaringstid for avsluttede saker (år)"), min_value=1, max_value=50
    )
    iep_days = forms.IntegerField(label=_l("Frist for IOP etter enkeltvedtak (dager)"), min_value=1, max_value=365)
    keep_half_year_report = forms.BooleanField(label=_l("Skolen skriver halvårsrapport (31.01)"), required=False)
    note = forms.CharField(label=_l("Merknad til endringen"), max_length=300, required=False)

    @staticmethod
    def initial_from(version) -> dict:
        data = version.data
        meeting = team_meeting(data) or {}
        parts = meeting.get("parts") or []
        return {
            "version": version.number,
            "meeting_minutes": meeting.get("minutes"),
            "cadence_weeks": meeting.get("cadence_weeks") or 1,
            "system_minutes": next((p["minutes"] for p in parts if p.get("number") == 1), 0),
            "referral_categories": "\n".join(f"{c['code']}|{c['label']}" for c in data["referral_categories"]),
            "tgl_visits_per_year": data["tgl_visits_per_year"],
            "retention_years": data["retention_years"],
            "iep_days": data["deadlines"]["iep_days"],
            "keep_half_year_report": data["deadlines"]["keep_half_year_report"],
        }

    def clean_referral_categories(self):
        categories, seen = [], set()
        for number, line in enumerate(self.cleaned_data["referral_categories"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, label = (s.strip() for s in line.partition("|"))
            if not sep or not CODE.match(code) or not label:
                raise forms.ValidationError(
                    _("Linje %(n)s: skriv kode|tekst, der koden bare har små bokstaver, tall og _.") % {"n": number}
                )
            if code in seen:
                raise forms.ValidationError(_("Koden «%(code)s» står to ganger.") % {"code": code})
            seen.add(code)
            categories.append({"code": code, "label": label})
        if not categories:
            raise forms.ValidationError(_("Meldeskjemaet må ha minst én kategori."))
        return categories

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("system_minutes") or 0) > (cleaned.get("meeting_minutes") or 0):
            self.add_error("system_minutes", _("Systemarbeidet kan ikke ta lengre tid enn hele møtet."))
        return cleaned

    def changes(self, data: dict) -> dict:
        """The routine data keys this form changes, computed from the current data."""
        c = self.cleaned_data
        meeting_types = [dict(t) for t in data["meeting_types"]]
        meeting = team_meeting({"meeting_types": meeting_types})
        if meeting is None:
            meeting = {"code": "ressursteam", "name": _("Ressursteammøte"), "parts": []}
            meeting_types.insert(0, meeting)
        meeting.update(minutes=c["meeting_minutes"], cadence_weeks=c["cadence_weeks"])
        individual = c["meeting_minutes"] - c["system_minutes"]
        parts = [dict(p) for p in meeting.get("parts") or []]
        if not parts:
            parts = [{"number": 1, "name": _("Systemarbeid")}, {"number": 2, "name": _("Individarbeid")}]
        for part in parts:
            if part.get("number") == 1:
                part["minutes"] = c["system_minutes"]
            elif part.get("number") == 2:
                part["minutes"] = individual
        meeting["parts"] = parts
        return {
            "meeting_types": meeting_types,
            "referral_categories": c["referral_categories"],
            "tgl_visits_per_year": c["tgl_visits_per_year"],
            "retention_years": c["retention_years"],
            "deadlines": {
                **data["deadlines"],
                "iep_days": c["iep_days"],
                "keep_half_year_report": c["keep_half_year_report"],
            },
        }
