"""Shared form plumbing: Designsystemet classes on every widget."""

from django import forms


class DsFormMixin:
    """Adds Designsystemet's input class to every widget and marks invalid fields for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def full_clean(self):
        # Marked after cleaning, not in __init__: validating inside __init__ would run before a
        # subclass sets its querysets or removes fields, and cache errors from the wrong form.
        super().full_clean()
        for name in self._errors or {}:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
