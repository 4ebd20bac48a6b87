"""Shared form plumbing: Designsystemet classes on every widget."""

from django import forms


class DsFormMixin:
    """Adds Designsystemet's input class to every widget and marks invalid fields for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                widget.attrs.setdefault("class", "ds-input")
                continue
            widget.attrs.setdefault("class", "ds-input")
            if self.is_bound and name in self.errors:
                widget.attrs["aria-invalid"] = "true"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
