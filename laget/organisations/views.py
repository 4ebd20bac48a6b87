"""The team page: the lead manages the resource team's members, their roles and responsibilities, and
the agencies the school invites. For anyone who leads no team these pages do not exist (404)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget.forms import form_add_service_errors

from . import selectors
from .access import access_for
from .forms import AgencyForm, MembershipForm
from .services import agency_save, membership_add, membership_remove, membership_update

User = get_user_model()


def _member_form(team, data=None, *, with_user=True, initial=None):
    staff = User.objects.filter(pk__in=selectors.school_staff(team.school_id).values("user_id")).order_by(
        "last_name", "first_name"
    )
    return MembershipForm(
        data,
        staff=staff,
        roles=selectors.roles(),
        agencies=selectors.agencies_for_school(team.school),
        with_user=with_user,
        initial=initial,
    )


def _team_page(request, access, team, *, member_form=None, agency_form=None, status=200):
    context = {
        "nav": "team",
        "team": team,
        "teams": selectors.led_teams(access),
        "memberships": selectors.team_memberships(team),
        "agencies": list(selectors.agencies_for_school(team.school)),
        "member_form": member_form or _member_form(team),
        "agency_form": agency_form or AgencyForm(),
    }
    return render(request, "organisations/team.html", context, status=status)


def _back(team):
    return redirect(f"{reverse('team:team')}?skole={team.school_id}")


def team(request):
    access = access_for(request)
    return _team_page(request, access, selectors.led_team_get(access, request.GET.get("skole")))


@require_POST
def member_add(request, pk):
    access = access_for(request)
    team = selectors.led_team_by_pk(access, pk)
    form = _member_form(team, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership_add(access=access, team=team, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s er lagt til i teamet.") % {"name": data["user"].get_full_name()})
            return _back(team)
    return _team_page(request, access, team, member_form=form, status=400)


def member_edit(request, pk):
    access = access_for(request)
    membership = selectors.membership_for_lead(access, pk)
    team = membership.team
    initial = {
        "role": membership.role_id,
        "kind": membership.kind,
        "agency": membership.agency_id,
        "responsibility": membership.responsibility,
    }
    form = _member_form(team, request.POST or None, with_user=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(access=access, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Medlemskapet er lagret."))
            return _back(team)
    context = {"nav": "team", "membership": membership, "team": team, "form": form}
    return render(request, "organisations/member_edit.html", context, status=400 if form.errors else 200)


@require_POST
def member_remove(request, pk):
    access = access_for(request)
    membership = selectors.membership_for_lead(access, pk)
    try:
        membership_remove(access=access, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s er fjernet fra teamet.") % {"name": membership.user.get_full_name()})
    return _back(membership.team)


@require_POST
def agency_add(request, pk):
    access = access_for(request)
    team = selectors.led_team_by_pk(access, pk)
    form = AgencyForm(request.POST)
    if form.is_valid():
        try:
            agency_save(access=access, school=team.school, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Instansen er lagt til."))
            return _back(team)
    return _team_page(request, access, team, agency_form=form, status=400)


def agency_edit(request, pk):
    access = access_for(request)
    agency = selectors.agency_for_lead(access, pk)
    form = AgencyForm(request.POST or None, initial={"name": agency.name, "kind": agency.kind})
    if request.method == "POST" and form.is_valid():
        try:
            agency_save(access=access, school=agency.school, agency=agency, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Instansen er lagret."))
            return redirect(f"{reverse('team:team')}?skole={agency.school_id}")
    context = {"nav": "team", "agency": agency, "form": form}
    return render(request, "organisations/agency_edit.html", context, status=400 if form.errors else 200)
