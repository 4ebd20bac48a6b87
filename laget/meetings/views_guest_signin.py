"""A guest's sign-in pages: the e-mailed link, the one-time code, and asking for a new link.

Public routes (before there is a login); the rules and the access log are in meetings.guest_signin.
"""

from django import forms
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from laget.accounts import sessions
from laget.accounts.client_ip import client_ip
from laget.forms import DsFormMixin

from . import guest_signin

SESSION_KEY = "laget_guest_signin"
BACKEND = "laget.accounts.backends.SignedInElsewhereBackend"


class GuestCodeForm(DsFormMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Engangskode fra e-posten"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class NewLinkForm(DsFormMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-postadressen du ble invitert med"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _masked(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:2]}…@{domain}" if domain else email


def _client(request) -> str:
    return client_ip(request) or ""


@login_not_required
@require_http_methods(["GET", "POST"])
def signin(request, token):
    """GET shows what the link is for and a button (a mail scanner opening the link uses nothing);
    POST uses the link up and e-mails the one-time code."""
    try:
        if request.method == "POST":
            signin = guest_signin.signin_link_use(token=token, client=_client(request))
            request.session[SESSION_KEY] = signin.pk
            return redirect("guests:signin_code")
        signin = guest_signin.signin_link_check(token=token, client=_client(request))
    except guest_signin.SignInRefused as refused:
        return render(
            request,
            "meetings/guest_signin_refused.html",
            {"message": refused.message, "form": NewLinkForm()},
            status=refused.status,
        )
    except ValidationError as error:  # the code e-mail could not be sent: the link is not used up
        return render(
            request,
            "meetings/guest_signin_refused.html",
            {"message": " ".join(error.messages), "form": NewLinkForm()},
            status=503,
        )
    invitation = signin.invitation
    context = {"invitation": invitation, "meeting": invitation.meeting, "email": _masked(invitation.guest.email)}
    return render(request, "meetings/guest_signin.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def signin_code(request):
    """The second factor: the code sent to the guest's address signs them in to their invitation."""
    signin_id = request.session.get(SESSION_KEY)
    if signin_id is None:
        return render(
            request,
            "meetings/guest_signin_refused.html",
            {"message": _("Start med lenken i e-posten, så sender vi deg en kode."), "form": NewLinkForm()},
            status=400,
        )
    form = GuestCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            signin = guest_signin.signin_code_verify(
                signin_id=signin_id, code=form.cleaned_data["code"], client=_client(request)
            )
        except guest_signin.SignInRefused as refused:
            form.add_error("code", refused.message)
            status = refused.status
        else:
            invitation = signin.invitation
            auth_login(request, invitation.guest, backend=BACKEND)
            request.session.pop(SESSION_KEY, None)
            request.session[sessions.LOGIN_METHOD] = "guest-link"
            sessions.mark_second_factor_elsewhere(request.session, "guest-email")
            return redirect("guests:guest_meeting", invitation.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "meetings/guest_signin_code.html", {"form": form}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def signin_request(request):
    """A guest whose link is used or expired asks for a new one; the answer never says who is invited."""
    form = NewLinkForm(request.POST or None)
    sent = False
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            guest_signin.signin_link_request(email=form.cleaned_data["email"], client=_client(request))
            sent = True
        except guest_signin.SignInRefused as refused:
            form.add_error(None, refused.message)
            status = refused.status
        except ValidationError as error:
            form.add_error(None, error.messages)
            status = 503
    elif request.method == "POST":
        status = 400
    return render(request, "meetings/guest_signin_request.html", {"form": form, "sent": sent}, status=status)
