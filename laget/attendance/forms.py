"""Forms for attendance: absence registration, CSV upload, ladder steps, the student form rows."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laget.forms import DateInput, DsFormMixin

from .models import Absence


class AbsenceForm(DsFormMixin, forms.Form):
    student = forms.ModelChoiceField(queryset=None, label=_("Elev"))
    date = forms.DateField(label=_("Dato"), widget=DateInput(), initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Type fravær"), choices=Absence.Kind.choices, widget=forms.RadioSelect)
    whole_day = forms.BooleanField(label=_("Hele dagen"), required=False, initial=True)
    hours = forms.DecimalField(
        label=_("Antall timer"),
        required=False,
        min_value=Decimal("0.1"),
        max_value=Decimal("24"),
        decimal_places=1,
        help_text=_("Fyll ut når eleven ikke var borte hele dagen."),
    )
    note = forms.CharField(label=_("Merknad"), required=False, max_length=300)

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["student"].label_from_instance = lambda s: f"{s.full_name} ({s.school_class.name})"
        self.fields["kind"].widget.attrs["class"] = "ds-input"

    def clean(self):
        data = super().clean()
        if not data.get("whole_day") and not data.get("hours"):
            self.add_error("hours", _("Skriv antall timer, eller kryss av for hele dagen."))
        if data.get("whole_day"):
            data["hours"] = None
        if data.get("date") and data["date"] > timezone.localdate():
            self.add_error("date", _("Fravær kan ikke registreres fram i tid."))
        return data


class ImportForm(DsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV-fil fra skoleadministrativt system"),
        required=False,
        help_text=_(
            "Kolonner: elev-id eller fødselsdato og navn, dato, timer (tomt = hele dagen), dokumentert (ja/nei)."
        ),
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f and f.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Filen er for stor (høyst 2 MB)."))
        return f


class StepForm(DsFormMixin, forms.Form):
    done_on = forms.DateField(label=_("Dato"), widget=DateInput(), initial=timezone.localdate)
    what_done = forms.CharField(label=_("Hva ble gjort"), widget=forms.Textarea(attrs={"rows": 3}))
    evaluation = forms.CharField(
        label=_("Evaluering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kan også fylles ut senere."),
    )


class EvaluationForm(DsFormMixin, forms.Form):
    evaluated_on = forms.DateField(label=_("Dato for evaluering"), widget=DateInput(), initial=timezone.localdate)
    evaluation = forms.CharField(label=_("Evaluering"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(DsFormMixin, forms.Form):
    note = forms.CharField(label=_("Hvorfor er bekymringen avklart?"), widget=forms.Textarea(attrs={"rows": 2}))


class FormEntryForm(DsFormMixin, forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput(), initial=timezone.localdate)
    measure = forms.CharField(label=_("Tiltak"), max_length=300)
    comment = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
