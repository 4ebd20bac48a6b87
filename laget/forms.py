"""Shared form plumbing: Designsystemet classes on every widget."""

from django import forms


class DsFormMixin:
    """Adds Designsystemet's input class to every widget. (Django itself marks invalid fields with
    aria-invalid; touching self.errors here would validate the form before formsets add their fields.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
