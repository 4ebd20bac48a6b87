"""Forms of the referat og tiltaksplan (seed 000), its measures table and the evaluation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.dates import validate_plausible_date
from laget.forms import DateInput, DsFormMixin

from .categories import CHALLENGES, challenge_choices
from .models import ActionPlan, Evaluation, Measure
from .name_warning import NameWarningMixin


class ActionPlanForm(NameWarningMixin, DsFormMixin, forms.ModelForm):
    name_fields = ("challenge_other", "main_challenge", "main_goal")

    challenges = forms.MultipleChoiceField(
        label=_("Følgende problemstilling ble drøftet i teamet"),
        help_text=_("Samme ordlyd som i meldeskjemaet."),
        choices=CHALLENGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActionPlan
        fields = [
            "date_discussed",
            "date_reviewed_with_guardians",
            "evaluation_date",
            "present",
            "absent",
            "referent",
            "challenges",
            "challenge_other",
            "main_challenge",
            "main_goal",
        ]
        labels = {
            "date_discussed": _("Dato for drøfting"),
            "date_reviewed_with_guardians": _("Dato tiltak gjennomgått med foresatte"),
            "evaluation_date": _("Dato evaluering av tiltak"),
            "present": _("Tilstede i ressursteam"),
            "absent": _("Forfall"),
            "referent": _("Referent"),
            "challenge_other": _("Annet som blir nevnt"),
            "main_challenge": _("Hovedutfordring"),
            "main_goal": _("Hovedmål"),
        }
        help_texts = {
            "main_challenge": _("Hva blir sett på som primærvansken?"),
            "main_goal": _("Hva er målet med tiltaket? Hva skal vi prøve å nå?"),
        }
        widgets = {
            "date_discussed": DateInput,
            "date_reviewed_with_guardians": DateInput,
            "evaluation_date": DateInput,
            "present": forms.Textarea(attrs={"rows": 2}),
            "absent": forms.Textarea(attrs={"rows": 2}),
            "challenge_other": forms.Textarea(attrs={"rows": 2}),
            "main_challenge": forms.Textarea(attrs={"rows": 4}),
            "main_goal": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "date_discussed": {"required": _("Fyll inn dato for drøfting.")},
        }

    STUDENT_ONLY = ("date_reviewed_with_guardians", "challenges", "challenge_other")

    def __init__(self, *args, school=None, case=None, system=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        # The routine's categories (laget.routines); codes already stored stay checkable.
        self.fields["challenges"].choices = challenge_choices(school, self.instance.challenges)
        if system:
            # A system case is about the school's environment: no guardians, no student's difficulties.
            for name in self.STUDENT_ONLY:
                del self.fields[name]
            self.fields["main_challenge"].help_text = _(
                "Hva i læringsmiljøet, rutinene eller kompetansen er utfordringen?"
            )

    def clean(self):
        return self.check_names(super().clean())

    def plan_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class MeasureForm(forms.Form):
    """One row of "Avtalte tiltak / Ansvar / Tidsperspektiv/Evalueringsdato"."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(
        label=_("Avtalt tiltak"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv tiltaket.")},
    )
    owner = OwnerChoiceField(
        label=_("Ansvar"),
        queryset=None,
        empty_label=_("Velg ansvarlig"),
        error_messages={
            "required": _("Velg hvem som har ansvar for tiltaket."),
            "invalid_choice": _("Velg en ansatt ved skolen."),
        },
    )
    evaluation_date = forms.DateField(
        label=_("Tidsperspektiv/evalueringsdato"),
        widget=DateInput,
        validators=[validate_plausible_date],  # a formset row: no DsFormMixin
        error_messages={"required": _("Sett en evalueringsdato for tiltaket."), "invalid": _("Skriv en gyldig dato.")},
    )
    level = forms.ChoiceField(label=_("Nivå"), choices=Measure.Level.choices, initial=Measure.Level.INDIVIDUAL)
    staff_benefiting = forms.IntegerField(
        label=_("Antall ansatte som får nytte (systemtiltak)"),
        min_value=0,
        required=False,
        error_messages={"invalid": _("Skriv et helt tall."), "min_value": _("Antallet kan ikke være negativt.")},
    )

    def __init__(self, *args, owners=None, **kwargs):
        # Not DsFormMixin: it validates inside __init__, before the formset adds its DELETE field.
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def clean(self):
        data = super().clean()
        if data.get("level") == Measure.Level.SYSTEM and data.get("staff_benefiting") is None:
            self.add_error("staff_benefiting", _("Oppgi hvor mange ansatte som får nytte av systemtiltaket."))
        return data

    def measure_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in ("description", "owner", "evaluation_date", "level")}
        data["staff_benefiting"] = self.cleaned_data.get("staff_benefiting")
        data["id"] = self.cleaned_data.get("id")
        data["delete"] = bool(self.cleaned_data.get("DELETE"))
        return data


class BaseMeasureFormSet(forms.BaseFormSet):
    def __init__(self, *args, owners=None, **kwargs):
        self.owners = owners
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "owners": self.owners}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.setdefault("class", "ds-input")

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            owners=self.owners,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def measure_rows(self, *, new_only: bool = False) -> list[dict]:
        """Filled-in rows; untouched blank rows are left out. `new_only`: rows for a new plan (no id, no delete)."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue
            row = form.measure_data()
            if new_only:
                if row.pop("delete"):
                    continue
                row.pop("id")
            rows.append(row)
        return rows


MEASURE_PREFIX = "tiltak"


def measure_formset(*, owners, data=None, initial=None, can_delete=False):
    formset_class = forms.formset_factory(
        MeasureForm,
        formset=BaseMeasureFormSet,
        extra=0 if initial else 1,
        can_delete=can_delete,
        max_num=50,
        absolute_max=50,  # a forged TOTAL_FORMS must not make us build thousands of forms
    )
    return formset_class(data=data, initial=initial, owners=owners, prefix=MEASURE_PREFIX)


class EvaluationForm(DsFormMixin, forms.ModelForm):
    next_evaluation_date = forms.DateField(
        label=_("Ny evalueringsdato"),
        help_text=_("Må fylles ut når tiltaket videreføres."),
        widget=DateInput,
        required=False,
        error_messages={"invalid": _("Skriv en gyldig dato.")},
    )

    class Meta:
        model = Evaluation
        fields = ["effect", "assessment", "date", "continue_measure"]
        labels = {
            "effect": _("Effekt av tiltaket"),
            "assessment": _("Vurdering"),
            "date": _("Dato for evaluering"),
            "continue_measure": _("Tiltaket videreføres"),
        }
        widgets = {"effect": forms.RadioSelect, "date": DateInput, "assessment": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "effect": {"required": _("Velg hvilken effekt tiltaket har hatt.")},
            "assessment": {"required": _("Skriv en vurdering av tiltaket.")},
            "date": {"required": _("Fyll inn dato for evalueringen."), "invalid": _("Skriv en gyldig dato.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effect"].choices = Evaluation.Effect.choices  # no blank radio

    def clean(self):
        data = super().clean()
        nxt, date = data.get("next_evaluation_date"), data.get("date")
        if data.get("continue_measure"):
            if nxt is None and "next_evaluation_date" not in self.errors:
                self.add_error("next_evaluation_date", _("Sett ny evalueringsdato når tiltaket videreføres."))
            elif nxt and date and nxt <= date:
                self.add_error(
                    "next_evaluation_date", _("Ny evalueringsdato må være etter datoen for denne evalueringen.")
                )
        return data
