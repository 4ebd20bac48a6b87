"""Shared form plumbing: Designsystemet classes on every widget, plausible dates in every date field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from laget.dates import validate_plausible_date


class DsFormMixin:
    """Adds Designsystemet's input class to every widget, and refuses implausible dates (laget.dates).
    (Django itself marks invalid fields with
    aria-invalid; touching self.errors here would validate the form before formsets add their fields.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_plausible_date)


class DateInput(forms.DateInput):
    """A date typed the Norwegian way, dd.mm.åååå, whatever the browser's language.

    A plain text field: the browser's own date picker shows mm/dd/yyyy in an English browser and
    says nothing of the format. The format is stated beside the label (includes/field.html)."""

    input_type = "text"
    format_hint = _("dd.mm.åååå")

    def __init__(self, attrs=None):
        attrs = {"inputmode": "numeric", "autocomplete": "off", "size": "10", "maxlength": "10", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d.%m.%Y")


def form_add_service_errors(form, error, *, elsewhere=()) -> list[str]:
    """Put a service's ValidationError on the form it came from, field by field.

    Messages for a key in `elsewhere` (e.g. a formset shown beside the form) are returned
    for the caller to show there; unknown keys become form-wide errors.
    """
    other: list[str] = []
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return other
    for field, errors in error.message_dict.items():
        if field in elsewhere:
            other.extend(errors)
        else:
            form.add_error(field if field in form.fields else None, errors)
    return other


def _pk_sized(value) -> bool:
    """A primary key the database can hold: SQLite refuses integers beyond 64 bits (OverflowError)."""
    text = str(value).strip()
    return text.isdigit() and len(text) <= 18


class PkChoiceField(forms.ModelChoiceField):
    """ModelChoiceField that answers «Velg et gyldig alternativ» to a forged, oversized id instead of a 500."""

    def to_python(self, value):
        if value not in self.empty_values and not _pk_sized(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PkMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField with the same guard against forged, oversized ids."""

    def _check_values(self, value):
        for pk in value:
            if not _pk_sized(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:20]}
                )
        return super()._check_values(value)
