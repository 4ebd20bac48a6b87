from django import forms
from django.utils.translation import gettext_lazy as _

from laget.forms import PkChoiceField, PkMultipleChoiceField


class RegisterUploadForm(forms.Form):
    school = PkChoiceField(queryset=None, label=_("Skole"), empty_label=None)
    file = forms.FileField(
        label=_("Fil fra elevregisteret (CSV eller Excel)"),
        help_text=_("Eksport fra Visma Flyt Skole, IST Extens eller et regneark med kolonnene nedenfor."),
        widget=forms.ClearableFileInput(attrs={"class": "ds-input", "accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        from laget.organisations.models import School

        self.fields["school"].queryset = School.objects.filter(pk__in=[s.pk for s in schools]).order_by("name")
        self.fields["school"].widget.attrs["class"] = "ds-input"
        self.only_school = schools[0] if len(schools) == 1 else None
        if self.only_school is not None:
            self.fields["school"].required = False
            self.fields["school"].widget = forms.HiddenInput()

    def clean_school(self):
        return self.cleaned_data.get("school") or self.only_school


class RegisterConfirmForm(forms.Form):
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)


class ContactTeachersForm(forms.Form):
    teachers = PkMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Kontaktlærere"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = staff
        self.fields["teachers"].label_from_instance = lambda u: u.get_full_name() or u.username
