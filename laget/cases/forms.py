"""Forms for the referral (seed 000, field for field), consent, health notes and closing a case.

Forms check types and shapes only; the domain rules (what a complete referral is, who may
record consent) live in the services, whose errors the views put back on these forms.
"""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from laget.forms import DateInput, DsFormMixin

from .categories import CHALLENGES, challenge_choices
from .models import Case, Consent, ConsentScope, HealthNote, Kind, Referral


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked against MAX_ATTACHMENT_BYTES."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        too_big = [f.name for f in cleaned if f.size > settings.MAX_ATTACHMENT_BYTES]
        if too_big:
            raise forms.ValidationError(
                _("For stor fil: %(names)s. Største tillatte størrelse er %(max)s.")
                % {"names": ", ".join(too_big), "max": filesizeformat(settings.MAX_ATTACHMENT_BYTES)}
            )
        return cleaned


class ReferralForm(DsFormMixin, forms.ModelForm):
    """Melding til ressursteam. Every field optional here: drafts may be incomplete."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    challenges = forms.MultipleChoiceField(
        label=_("Hva er utfordringene?"), choices=CHALLENGES, widget=forms.CheckboxSelectMultiple, required=False
    )
    attachments = MultipleFileField(
        label=_("Legg ved filer"),
        required=False,
        help_text=_(
            "Legg ved utskrift av kartlegginger som er gjennomført: nasjonale prøver, Kartleggeren, skriveprøven. "
            "Du kan velge flere filer."
        ),
    )

    class Meta:
        model = Referral
        fields = [
            "student",
            "title",
            "referral_date",
            "first_concern_date",
            "challenges",
            "challenge_other",
            "social_description",
            "working_methods",
            "mapping_results",
            "strengths",
            "learning_environment",
        ]
        labels = {
            "student": _("Navn på eleven"),
            "referral_date": _("Dato for oppmelding til ressursteam"),
            "title": _("Tema"),
        }
        help_texts = {
            "first_concern_date": _("Når ble du først bekymret? Saken beholder denne datoen."),
        }
        widgets = {
            "referral_date": DateInput(),
            "first_concern_date": DateInput(),
            "social_description": forms.Textarea(attrs={"rows": 4}),
            "working_methods": forms.Textarea(attrs={"rows": 4}),
            "mapping_results": forms.Textarea(attrs={"rows": 4}),
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "learning_environment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, students=None, kind=Kind.INDIVIDUAL, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        # The routine's categories (laget.routines); codes already stored stay checkable.
        school = getattr(self.instance, "school", None) if self.instance.school_id else None
        self.fields["challenges"].choices = challenge_choices(school, self.instance.challenges)
        self.fields["student"].queryset = students if students is not None else self.fields["student"].queryset.none()
        self.fields["student"].label_from_instance = lambda s: f"{s.full_name} ({s.school_class.name})"
        self.fields["student"].empty_label = _("Velg elev")
        if kind == Kind.SYSTEM:
            del self.fields["student"]
            self.fields["learning_environment"].label = _("Beskrivelse av temaet")
            self.fields["title"].label = _("Tema")
            for name in (
                "challenges",
                "challenge_other",
                "social_description",
                "working_methods",
                "mapping_results",
                "strengths",
            ):
                del self.fields[name]
        else:
            del self.fields["title"]
        if not self.is_bound and self.instance.pk is None:
            # The referral is dated today; the first concern is the teacher's to say (a guess of
            # today would skew the key figure "time from first concern").
            self.initial["referral_date"] = self.initial.get("referral_date") or timezone.localdate()
        self._mark_required_to_send(kind)
        for name in ("referral_date", "first_concern_date"):
            self.fields[name].widget.attrs["max"] = timezone.localdate().isoformat()
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def _mark_required_to_send(self, kind):
        """Drafts may be incomplete, so no field is required to save; these must be filled in to send
        (the rules themselves are cases.services.referral_submit_errors)."""
        if kind == Kind.SYSTEM:
            names = ("title", "referral_date", "learning_environment")
            self.fields["first_concern_date"].help_text = _("Kan stå tom: da regnes datoen for oppmelding.")
        else:
            names = ("student", "referral_date", "first_concern_date")
            self.fields["challenges"].help_text = _(
                "Kryss av for minst én, eller beskriv eleven i feltene under, før du sender."
            )
        for name in names:
            self.fields[name].required_to_send = True
            self.fields[name].widget.attrs["aria-required"] = "true"


class TriedMeasureForm(DsFormMixin, forms.Form):
    """One row of "Beskrivelse av hvilke tiltak er prøvd, effekt og tidsrom ved TPO"."""

    measure = forms.CharField(label=_("Tiltak"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    period = forms.CharField(label=_("Tidsrom"), required=False, max_length=100)
    assessment = forms.CharField(
        label=_("Kontaktlærers vurdering av utprøvde tiltak"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


TriedMeasureFormSet = forms.formset_factory(TriedMeasureForm, extra=0, max_num=50, absolute_max=50)


def tried_measure_formset(data=None, referral=None):
    initial = None
    if referral is not None and referral.pk:
        initial = [
            {"measure": t.measure, "period": t.period, "assessment": t.assessment}
            for t in referral.tried_measures.all()
        ]
    formset = TriedMeasureFormSet(data, initial=initial or None, prefix="tiltak")
    if data is None and not initial:
        formset.extra = 1  # always one empty row to start with
    return formset


class ConsentForm(DsFormMixin, forms.Form):
    guardians = forms.ModelMultipleChoiceField(
        label=_("Foresatt"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg hvilken foresatt samtykket gjelder.")},
    )
    status = forms.ChoiceField(label=_("Samtykke"), choices=Consent.Status.choices, widget=forms.RadioSelect)
    scopes = forms.MultipleChoiceField(
        label=_("Samtykket gjelder"),
        choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ConsentScope.TEAM],
        error_messages={"required": _("Kryss av for hva samtykket gjelder.")},
    )
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    method = forms.ChoiceField(label=_("Innhentet ved"), choices=Consent.Method.choices)
    expires_on = forms.DateField(
        label=_("Gyldig til"),
        required=False,
        widget=DateInput(),
        help_text=_("La stå tom hvis samtykket ikke utløper."),
    )
    scanned_form = forms.FileField(label=_("Skannet skjema"), required=False)
    note = forms.CharField(label=_("Merknad"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardians"].queryset = guardians
        self.fields["guardians"].label_from_instance = lambda g: f"{g.name} ({g.relation})" if g.relation else g.name
        self.initial.setdefault("date", timezone.localdate())


class HealthNoteForm(DsFormMixin, forms.ModelForm):
    class Meta:
        model = HealthNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": _("Skriv notatet før du lagrer.")}}


class CaseCloseForm(DsFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[("", _("Velg utfall")), *Case.Outcome.choices],
        error_messages={"required": _("Velg utfall for saken.")},
    )
    note = forms.CharField(label=_("Kommentar til utfall"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(label=_("Avsluttet dato"), required=False, widget=DateInput())


def case_area_choices(school_id, current: str = "") -> list[tuple[str, str]]:
    """The areas the school's routine offers ("case_areas", laget.routines), else the model's; codes
    outside Case.Area are dropped and the case's current area stays selectable."""
    from laget.routines.selectors import routine_data_for_school

    valid = dict(Case.Area.choices)
    areas = routine_data_for_school(school_id).get("case_areas") or []
    choices = [(a["code"], a.get("label") or valid[a["code"]]) for a in areas if a.get("code") in valid]
    if not choices:
        choices = list(Case.Area.choices)
    if current and current not in {code for code, _label in choices}:
        choices.append((current, valid.get(current, current)))
    return choices


class CaseAreaForm(DsFormMixin, forms.Form):
    """Saksområde, and for the team lead the reason to keep the case beyond the retention period."""

    area = forms.ChoiceField(
        label=_("Saksområde"),
        required=False,
        error_messages={"invalid_choice": _("Velg et saksområde fra listen.")},
    )
    retain_reason = forms.CharField(
        label=_("Grunn til å oppbevare saken"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=Case._meta.get_field("retain_reason").help_text,
        error_messages={"max_length": _("Skriv kortere (høyst %(limit_value)d tegn).")},
    )

    def __init__(self, *args, case, may_set_retain_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Ikke angitt")), *case_area_choices(case.school_id, case.area)]
        if not may_set_retain_reason:
            del self.fields["retain_reason"]
        if not self.is_bound:
            self.initial.setdefault("area", case.area)
            if may_set_retain_reason:
                self.initial.setdefault("retain_reason", case.retain_reason)
