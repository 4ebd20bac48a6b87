"""Forms for the wheel and the routine descriptions: Norwegian messages, nothing typed is lost."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from laget.forms import DateInput, DsFormMixin
from laget.organisations.models import Role

from .models import SCHOOL_MONTHS, RoutineDescription, WheelItem
from .selectors import MONTH_NAMES

REQUIRED = {"required": _("Dette feltet må fylles ut.")}


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class WheelItemForm(DsFormMixin, forms.ModelForm):
    month = forms.TypedChoiceField(
        label=_("Måned"),
        coerce=int,
        choices=[(m, MONTH_NAMES[m].capitalize()) for m in SCHOOL_MONTHS],
        error_messages={**REQUIRED, "invalid_choice": _("Velg en måned.")},
    )
    owner = OwnerField(label=_("Ansvarlig person"), queryset=None, required=False)

    class Meta:
        model = WheelItem
        fields = ["month", "week", "day", "title", "creates", "meeting_kind", "owner", "owner_role"]
        labels = {
            "week": _("Uke (valgfritt)"),
            "day": _("Dag i måneden (valgfritt, for frister)"),
            "title": _("Tittel"),
            "creates": _("Lager"),
            "meeting_kind": _("Møtetype (når punktet lager et møte)"),
            "owner_role": _("Eller: ansvarlig rolle"),
        }
        error_messages = {
            "title": REQUIRED,
            "week": {"min_value": _("Uke 1–53."), "max_value": _("Uke 1–53."), "invalid": _("Skriv et tall.")},
            "day": {"min_value": _("Dag 1–31."), "max_value": _("Dag 1–31."), "invalid": _("Skriv et tall.")},
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(memberships__team__school=school, memberships__active=True)
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["owner_role"].queryset = Role.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_role"):
            self.add_error("owner_role", _("Velg en ansvarlig person eller en rolle."))
        return data


class RoutineDescriptionForm(DsFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RoutineDescription
        fields = [
            "topic",
            "written_by",
            "approved_by",
            "last_updated",
            "legal_basis",
            "purpose",
            "audience",
            "timing",
            "result",
            "general_comments",
            "external_references",
        ]
        widgets = {
            "last_updated": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ["purpose", "audience", "timing", "result", "general_comments", "external_references"]
            },
        }
        labels = {"topic": _("Tema"), "legal_basis": _("Hjemmel (Opplæringsloven §)")}
        error_messages = {
            "topic": REQUIRED,
            "last_updated": {"invalid": _("Skriv en gyldig dato.")},
        }


class ActivityForm(DsFormMixin, forms.Form):
    activity = forms.CharField(
        label=_("Aktiviteter og oppgaver"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label=_("Ansvarlig"), required=False, max_length=200)
    collaboration = forms.CharField(label=_("Nødvendig samarbeid"), required=False, max_length=300)
    comment = forms.CharField(
        label=_("Kommentar"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


ActivityFormSet = forms.formset_factory(ActivityForm, extra=3, max_num=60, absolute_max=60, validate_max=True)


def activity_initial(description) -> list[dict]:
    return [
        {"activity": a.activity, "owner": a.owner, "collaboration": a.collaboration, "comment": a.comment}
        for a in description.activities.all()
    ]
