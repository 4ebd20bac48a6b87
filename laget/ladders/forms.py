from django import forms
from django.utils.translation import gettext_lazy as _


class CaseMoveForm(forms.Form):
    to_level = forms.TypedChoiceField(label=_("Flytt til nivå"), coerce=int, choices=())
    reason = forms.CharField(
        label=_("Begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Skriv ikke elevens navn. Begrunnelsen vises i flyttehistorikken på saken."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_level"].choices = [(lvl.number, f"{lvl.number}. {lvl.name}") for lvl in levels]
        for name, field in self.fields.items():
            if name != "version":
                field.widget.attrs.setdefault("class", "ds-input")
