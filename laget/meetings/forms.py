"""Forms for meetings: Norwegian messages per field; nothing typed is lost on a bad submit."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laget.cases import disclosure
from laget.cases.name_warning import NameWarningMixin
from laget.forms import DateInput, DsFormMixin

from .models import AgendaItem, Attendance, Meeting

REQUIRED = {"required": _("Dette feltet må fylles ut.")}


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # The picker is for the lead, but the agenda itself uses the consent rule; show what it will show.
        return disclosure.case_label(disclosure.TEAM, obj)


def picker_label(access, case) -> str:
    """The lead picks the case they know (as the disclosure policy shows it to them) and is told how
    the agenda will show it when that differs (anonymous without consent, rule 3)."""
    mine = disclosure.case_label(access, case)
    shown = disclosure.case_label(disclosure.TEAM, case)
    number = _("Sak %(number)s") % {"number": case.number}
    if mine == shown:
        return f"{number}: {mine}" if case.student_id else mine
    return _("%(number)s: %(mine)s – vises som «%(shown)s»") % {"number": number, "mine": mine, "shown": shown}


class MeetingForm(DsFormMixin, forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, error_messages=REQUIRED)
    kind = forms.ChoiceField(label=_("Møtetype"), choices=Meeting.Kind.choices, initial=Meeting.Kind.RESOURCE_TEAM)
    date = forms.DateField(
        label=_("Dato"), widget=DateInput(), error_messages={**REQUIRED, "invalid": _("Skriv en gyldig dato.")}
    )
    time = forms.TimeField(
        label=_("Klokkeslett"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={**REQUIRED, "invalid": _("Skriv klokkeslett som tt:mm.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Varighet (minutter)"),
        min_value=15,
        max_value=480,
        error_messages={**REQUIRED, "min_value": _("Minst 15 minutter."), "max_value": _("Høyst 480 minutter.")},
    )
    location = forms.CharField(label=_("Sted"), max_length=200, required=False)
    participants_note = forms.CharField(
        label=_("Deltakere (ansvarsgruppemøte)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Foresatte avgjør hvem som deltar i ansvarsgruppen. Skriv hvem de har valgt."),
    )

    confirm_past = forms.BooleanField(
        label=_("Ja, møtet er allerede holdt – registrer det likevel"),
        required=False,
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time") and self.starts_at() < timezone.now() and not data.get("confirm_past"):
            # Ask before creating a meeting in the past: a mistyped year must not become a held meeting.
            self.fields["confirm_past"].widget = forms.CheckboxInput(attrs={"class": "ds-input"})
            self.add_error(
                "confirm_past",
                _("Tidspunktet har vært. Sjekk datoen, eller kryss av hvis du registrerer et møte som er holdt."),
            )
        return data

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        first = teams.first()
        if first:
            from .kinds import routine_kind_choices

            # The meeting types of the school's routine, under the routine's names.
            self.fields["kind"].choices = routine_kind_choices(first.school)
        if first and not self.is_bound:
            self.initial.update(
                team=first.pk, time=first.meeting_start, duration_minutes=first.meeting_minutes, location=first.location
            )

    def starts_at(self) -> datetime.datetime:
        d = self.cleaned_data
        return datetime.datetime.combine(d["date"], d["time"], tzinfo=timezone.get_current_timezone())


class SeriesForm(DsFormMixin, forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, error_messages=REQUIRED)
    first_date = forms.DateField(
        label=_("Fra dato"),
        widget=DateInput(),
        error_messages={**REQUIRED, "invalid": _("Skriv en gyldig dato.")},
        help_text=_("Første møte blir på teamets faste møtedag fra og med denne datoen."),
    )
    count = forms.IntegerField(
        label=_("Antall møter"),
        min_value=1,
        max_value=52,
        initial=10,
        error_messages={**REQUIRED, "min_value": _("Minst 1 møte."), "max_value": _("Høyst 52 møter.")},
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        if teams.first() and not self.is_bound:
            self.initial["team"] = teams.first().pk


class AgendaItemForm(NameWarningMixin, DsFormMixin, forms.Form):
    name_fields = ("title", "description")

    part = forms.TypedChoiceField(label=_("Del"), choices=AgendaItem.Part.choices, coerce=int)
    case = CaseChoiceField(label=_("Sak"), queryset=None, required=False, empty_label=_("– Ingen sak (systemtema) –"))
    title = forms.CharField(label=_("Tema"), max_length=300, required=False)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    preparer = UserChoiceField(label=_("Forbereder"), queryset=None, required=False, empty_label=_("– Ingen –"))
    minutes = forms.IntegerField(
        label=_("Tid (minutter)"),
        min_value=1,
        max_value=240,
        initial=10,
        error_messages={**REQUIRED, "min_value": _("Minst 1 minutt."), "max_value": _("Høyst 240 minutter.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, cases, staff, access=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["preparer"].queryset = staff
        if meeting is not None:
            from .kinds import agenda_shape

            # The parts this meeting has in the school's routine (part 3 only where the routine has it).
            choices = [(p["number"], f"{p['number']}. {p['name']}") for p in agenda_shape(meeting)]
            current = self.initial.get("part")
            if current and current not in dict(choices):
                choices.append((current, f"{current}. {AgendaItem.Part(current).label}"))
            self.fields["part"].choices = choices
        if access is not None:
            self.fields["case"].label_from_instance = lambda case: picker_label(access, case)

    def clean(self):
        data = super().clean()
        if not data.get("case") and not (data.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", _("Skriv et tema, eller velg en sak."))
        return self.check_names(data)

    def names_case(self, data):
        return data.get("case")


class NotesForm(forms.Form):
    notes = forms.CharField(required=False, widget=forms.Textarea)
    version = forms.IntegerField(min_value=0, error_messages=REQUIRED)
    overwrite_version = forms.IntegerField(min_value=0, required=False)


class TaskForm(NameWarningMixin, DsFormMixin, forms.Form):
    name_fields = ("title",)

    title = forms.CharField(label=_("Oppgave"), max_length=300, error_messages=REQUIRED)
    owner = UserChoiceField(
        label=_("Ansvarlig"),
        queryset=None,
        empty_label=_("– Velg ansvarlig –"),
        error_messages={
            "required": _("Velg hvem som er ansvarlig."),
            "invalid_choice": _("Velg en ansatt fra listen."),
        },
    )
    deadline = forms.DateField(
        label=_("Frist"),
        widget=DateInput(),
        error_messages={"required": _("Sett en frist."), "invalid": _("Skriv en gyldig dato.")},
    )

    def __init__(self, *args, staff, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff
        self.case = case

    def clean(self):
        return self.check_names(super().clean())


class AttendanceForm(forms.Form):
    """One status field per attendance row and one referent choice."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [(Attendance.Status.PRESENT, _("Til stede")), (Attendance.Status.ABSENT, _("Forfall"))]
        for row in rows:
            self.fields[f"status_{row.user_id}"] = forms.ChoiceField(
                label=row.user.get_full_name() or row.user.username,
                help_text=getattr(row, "role_label", ""),
                choices=choices,
                widget=forms.RadioSelect,
                initial=row.status if row.status != Attendance.Status.EXPECTED else None,
                error_messages={"required": _("Velg til stede eller forfall.")},
            )
        self.fields["referent"] = forms.TypedChoiceField(
            label=_("Referent"),
            coerce=int,
            widget=forms.RadioSelect,
            choices=[(r.user_id, r.user.get_full_name() or r.user.username) for r in rows],
            initial=next((r.user_id for r in rows if r.is_referent), None),
            error_messages={"required": _("Velg én referent.")},
        )

    def table(self):
        return [(row, self[f"status_{row.user_id}"]) for row in self.rows]

    def statuses(self) -> dict:
        return {row.user_id: self.cleaned_data[f"status_{row.user_id}"] for row in self.rows}
