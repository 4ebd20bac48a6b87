from django import forms
from django.utils.translation import gettext_lazy as _

from laget.forms import DateInput, DsFormMixin


class PptReferralForm(DsFormMixin, forms.Form):
    referral_reason = forms.CharField(
        label=_("Hva ønsker skolen at PPT skal vurdere?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    pedagogical_report = forms.CharField(
        label=_("Pedagogisk rapport"),
        help_text=_("Skrevet av kontaktlærer/faglærere: elevens utbytte, kartlegginger og hva som er prøvd."),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    pedagogical_report_file = forms.FileField(label=_("Pedagogisk rapport som vedlegg"), required=False)
    exception_reason = forms.CharField(
        label=_("Begrunnelse for å henvise uten evaluerte tiltak eller pedagogisk rapport"),
        help_text=_("Fylles bare ut når noe av dette mangler. Hvem som skrev begrunnelsen og når, lagres."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class PptStepForm(DsFormMixin, forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Merknad"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    file = forms.FileField(label=_("Vedlegg"), required=False)
    set_case_outcome = forms.BooleanField(
        label=_("Sett sakens utfall til «Henvist til PPT»"), required=False, initial=True
    )


class PptReportForm(DsFormMixin, forms.Form):
    done_on = forms.DateField(label=_("Levert dato"), widget=DateInput(), required=False)
