"""Guest access: the lead invites an external person to agenda items; the guest's own pages."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from laget.forms import DsFormMixin, form_add_service_errors
from laget.organisations.access import access_for
from laget.organisations.models import Agency

from . import guests
from .models_guest import GuestInvitation
from .selectors import agenda_items, meeting_get
from .services import require_lead


class GuestInviteForm(DsFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("E-post"))
    agency = forms.CharField(
        label=gettext_lazy("Instans"), max_length=200, help_text=gettext_lazy("For eksempel barnevern, BUP, logoped.")
    )
    agency_kind = forms.ChoiceField(
        label=gettext_lazy("Type instans"),
        choices=Agency.Kind.choices,
        initial=Agency.Kind.OTHER,
        help_text=gettext_lazy(
            "Saken vises med navn for gjesten bare når samtykket fra foresatte omfatter denne instansen."
        ),
    )
    items = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Saker gjesten deltar i"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Velg minst én sak gjesten skal delta i.")},
    )

    def __init__(self, *args, meeting, items, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {i.pk: i.label for i in items}
        field = self.fields["items"]
        field.queryset = meeting.items.all()
        field.label_from_instance = lambda obj: labels.get(obj.pk, obj.title)
        field.widget.attrs["class"] = "ds-input"


def guest_manage(request, pk):
    """The lead's page for one meeting's guests: who is invited to what, until when."""
    access = access_for(request)
    meeting = meeting_get(access, pk)
    require_lead(access, meeting)
    items = agenda_items(meeting, viewer=access)
    form = GuestInviteForm(request.POST or None, meeting=meeting, items=items)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            guests.guest_invite(
                access=access,
                meeting=meeting,
                email=d["email"],
                name=d["name"],
                agency=d["agency"],
                agency_kind=d["agency_kind"],
                items=d["items"],
            )
        except ValidationError as e:
            form_add_service_errors(form, e)
        else:
            messages.success(request, _("Gjesten er invitert og har fått en innloggingslenke på e-post."))
            return redirect("guests:guest_manage", meeting.pk)
    invitations = list(guests.invitations_for_meeting(meeting))
    labels = {i.pk: i.label for i in items}
    for invitation in invitations:
        invitation.item_labels = [labels.get(i.pk, i.title) for i in invitation.items.all()]
    context = {
        "nav": "meetings",
        "meeting": meeting,
        "form": form,
        "invitations": invitations,
        "has_items": bool(items),
        "days": settings.GUEST_ACCESS_DAYS_AFTER_MEETING,
    }
    return render(request, "meetings/guest_manage.html", context, status=400 if form.errors else 200)


@require_POST
def guest_revoke(request, pk):
    access = access_for(request)
    invitation = GuestInvitation.objects.filter(pk=pk).select_related("meeting").first()
    meeting = meeting_get(access, invitation.meeting_id if invitation else 0)
    guests.guest_revoke(access=access, invitation=invitation)
    messages.success(request, _("Gjestens tilgang er avsluttet."))
    return redirect("guests:guest_manage", meeting.pk)


@require_GET
def guest_home(request):
    """A guest's start page: the meetings they are invited to now."""
    context = {"invitations": list(guests.active_invitations_for(request.user))}
    return render(request, "meetings/guest_home.html", context)


@require_GET
def guest_meeting(request, pk):
    """The invited items of one meeting, nothing else; 404 once the invitation has expired."""
    invitation = guests.guest_invitation_get(request.user, pk)
    items = guests.guest_items(invitation)
    guests.guest_log_view(invitation=invitation, items=items)
    context = {"invitation": invitation, "meeting": invitation.meeting, "items": items}
    return render(request, "meetings/guest_meeting.html", context)
