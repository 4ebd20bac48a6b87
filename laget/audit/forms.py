from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from laget.forms import DateInput, DsFormMixin


class ReviewFilterForm(DsFormMixin, forms.Form):
    bruker = forms.TypedChoiceField(label=_("Bruker"), required=False, coerce=int, empty_value=None)
    elev = forms.TypedChoiceField(label=_("Elev"), required=False, coerce=int, empty_value=None)
    fra = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput())
    til = forms.DateField(label=_("Til dato"), required=False, widget=DateInput())
    nodtilgang = forms.BooleanField(label=_("Bare nødtilgang"), required=False)

    def __init__(self, *args, users=(), students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bruker"].choices = [("", _("Alle brukere"))] + [
            (u.pk, u.get_full_name() or u.username) for u in users
        ]
        self.fields["elev"].choices = [("", _("Alle elever"))] + [
            (s.pk, f"{s.last_name}, {s.first_name} ({s.school_class.name})") for s in students
        ]
        self.fields["nodtilgang"].widget.attrs["class"] = "ds-input"

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["fra"] > data["til"]:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return data


class EmergencyReasonForm(DsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Hvorfor trenger du å se denne eleven nå? Begrunnelsen lagres i tilgangsloggen og leses av rektor."
        ),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        minimum = settings.EMERGENCY_REASON_MIN_LENGTH
        if len(reason) < minimum:
            raise forms.ValidationError(
                _("Skriv en begrunnelse på minst %(min)s tegn for hvorfor du trenger tilgang.") % {"min": minimum}
            )
        return reason
