from django import forms
from django.utils.translation import gettext_lazy as _

from laget.forms import PkChoiceField

from .models import Agency, Membership


def _ds(form):
    for field in form.fields.values():
        if not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs.setdefault("class", "ds-input")


class MembershipForm(forms.Form):
    user = PkChoiceField(queryset=None, label=_("Person (ansatt ved skolen)"))
    role = PkChoiceField(queryset=None, label=_("Rolle"))
    kind = forms.ChoiceField(choices=Membership.Kind.choices, label=_("Medlemskap"), initial=Membership.Kind.FIXED)
    agency = PkChoiceField(
        queryset=None,
        required=False,
        label=_("Instans"),
        help_text=_("For inviterte medlemmer: hvilken instans de kommer fra."),
    )
    responsibility = forms.CharField(
        label=_("Ansvar i teamet"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, staff, roles, agencies, with_user=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_user:
            self.fields["user"].queryset = staff
            self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.username}"
        else:
            del self.fields["user"]
        self.fields["role"].queryset = roles
        self.fields["agency"].queryset = agencies
        _ds(self)


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(choices=Agency.Kind.choices, label=_("Type instans"), initial=Agency.Kind.OTHER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _ds(self)
