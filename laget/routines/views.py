"""The routine page (/rutiner/): the school's routine, its versions, a preset, the main settings.

Leads of the school's team (and superusers) change it; team members read it; everyone else
gets 404 (rule 1: another school's configuration does not exist for them).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laget.forms import form_add_service_errors
from laget.organisations.access import access_for
from laget.organisations.models import School

from .diff import version_diff
from .forms import PresetForm, RoutineSettingsForm
from .selectors import routine_for_school, versions_of
from .services import routine_edit, routine_load_preset


def _school(request, access):
    """The school whose routine is shown: ?skole=<id>, else the user's first team school."""
    wanted = request.GET.get("skole") or request.POST.get("skole")
    if request.user.is_superuser:
        schools = School.objects.order_by("name")
        school = schools.filter(pk=wanted).first() if wanted and wanted.isdigit() else schools.first()
    else:
        ids = sorted(access.team_school_ids)
        if wanted and wanted.isdigit():
            ids = [int(wanted)] if int(wanted) in access.team_school_ids else []
        school = School.objects.filter(pk=ids[0]).first() if ids else None
    if school is None:
        raise Http404
    return school, request.user.is_superuser or access.leads(school.pk)


def _back(school):
    return redirect(f"{reverse('routines:routine')}?skole={school.pk}")


def routine_page(request):
    access = access_for(request)
    school, may_edit = _school(request, access)
    current = routine_for_school(school)
    versions = versions_of(current.routine) if current else []
    previous = versions[1] if len(versions) > 1 else None
    return render(
        request,
        "routines/routine.html",
        {
            "nav": "routines",
            "school": school,
            "current": current,
            "versions": versions,
            "diff": version_diff(previous.data if previous else None, current.data) if current else [],
            "previous": previous,
            "may_edit": may_edit,
            "preset_form": PresetForm(initial={"preset": current.routine.preset} if current else None),
            "ladder_name": _ladder_name(current.data.get("escalation_ladder") if current else None),
        },
    )


def _ladder_name(code):
    """The collaboration ladder's name, never its code (laget.ladders sits above routines: no import)."""
    if not code:
        return ""
    from django.apps import apps

    ladder = apps.get_model("ladders", "Ladder").objects.filter(code=code).first()
    return ladder.name if ladder else _("Trapp fra rutinen (ikke lastet ennå)")


@require_POST
def routine_load(request):
    access = access_for(request)
    school, may_edit = _school(request, access)
    if not may_edit:
        raise PermissionDenied
    form = PresetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg en mal."))
        return _back(school)
    version = routine_load_preset(school=school, preset=form.cleaned_data["preset"], user=request.user)
    messages.success(
        request,
        _("Rutinen «%(name)s» gjelder nå (versjon %(number)s).")
        % {"name": version.routine.name, "number": version.number},
    )
    return _back(school)


def routine_edit_page(request):
    access = access_for(request)
    school, may_edit = _school(request, access)
    if not may_edit:
        raise PermissionDenied
    current = routine_for_school(school)
    if current is None:
        messages.info(request, _("Velg en mal for rutinen først."))
        return _back(school)
    if request.method == "POST":
        form = RoutineSettingsForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["version"] != current.number:
                form.add_error(
                    None,
                    _("Rutinen er endret av noen andre (nå versjon %(number)s). Se over og lagre på nytt.")
                    % {"number": current.number},
                )
                form.data = form.data.copy()
                form.data["version"] = current.number
            else:
                try:
                    new = routine_edit(
                        school=school,
                        version=current,
                        changes=form.changes(current.data),
                        user=request.user,
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    form_add_service_errors(form, error)
                else:
                    if new.pk == current.pk:
                        messages.info(request, _("Ingen endringer."))
                    else:
                        messages.success(request, _("Ny versjon %(number)s er lagret.") % {"number": new.number})
                    return _back(school)
    else:
        form = RoutineSettingsForm(initial=RoutineSettingsForm.initial_from(current))
    return render(
        request, "routines/routine_edit.html", {"nav": "routines", "school": school, "current": current, "form": form}
    )
