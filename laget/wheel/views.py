"""Views for the annual wheel and the routine descriptions. Thin: selectors + services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from laget.documents.pdf import pdf_response, render_pdf
from laget.forms import form_add_service_errors
from laget.organisations.access import access_for

from . import services
from .dates import school_year_of
from .forms import ActivityFormSet, RoutineDescriptionForm, WheelItemForm, activity_initial
from .selectors import routine_description_get, routine_descriptions_for, wheel_item_get, wheel_school, year_view


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar") or request.POST.get("ar") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else school_year_of(timezone.localdate())


def _wheel_url(school, year) -> str:
    return f"{reverse('wheel:year')}?skole={school.pk}&ar={year}"


def _require_lead(access, school):
    if not access.leads(school.pk):
        raise PermissionDenied


@require_GET
def year(request):
    access = access_for(request)
    school = wheel_school(access, request.GET.get("skole"))
    year = _year(request)
    view = year_view(school, year)
    context = {
        "nav": "wheel",
        "school": school,
        "wheel": view,
        "is_lead": access.leads(school.pk),
        "prev_year": year - 1,
        "next_year": year + 1,
        "schools": sorted({m.team.school for m in access.memberships}, key=lambda s: s.name),
    }
    return render(request, "wheel/year.html", context)


@require_POST
def seed(request):
    access = access_for(request)
    school = wheel_school(access, request.POST.get("skole"))
    _require_lead(access, school)
    count = services.wheel_seed(access=access, school=school)
    if count:
        messages.success(request, _("Årshjulet har fått %(count)s punkter.") % {"count": count})
    else:
        messages.info(request, _("Årshjulet har allerede punkter."))
    return redirect(_wheel_url(school, _year(request)))


@require_POST
def materialise(request):
    access = access_for(request)
    school = wheel_school(access, request.POST.get("skole"))
    _require_lead(access, school)
    year = _year(request)
    try:
        counts = services.wheel_materialise(access=access, school=school, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_wheel_url(school, year))
    text = (
        _(
            "Aktivert: %(meeting)s møter, %(agenda)s punkter på sakslister, %(task)s oppgaver. "
            "%(existing)s var aktivert fra før."
        )
        % counts
    )
    if counts["waiting"]:
        text += (
            " "
            + _("%(waiting)s punkter venter på at et ressursteammøte blir planlagt i måneden; aktiver igjen etterpå.")
            % counts
        )
    messages.success(request, text)
    return redirect(_wheel_url(school, year))


def item_create(request):
    access = access_for(request)
    school = wheel_school(access, request.GET.get("skole") or request.POST.get("skole"))
    _require_lead(access, school)
    form = WheelItemForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            services.wheel_item_create(access=access, school=school, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Punktet er lagt til i årshjulet."))
            return redirect(_wheel_url(school, _year(request)))
    return render(request, "wheel/item_form.html", {"nav": "wheel", "form": form, "school": school})


@require_POST
def item_delete(request, pk):
    access = access_for(request)
    item = wheel_item_get(access, pk)
    if not access.leads(item.school_id):
        raise PermissionDenied
    school = item.school
    services.wheel_item_delete(access=access, item=item)
    messages.success(request, _("Punktet er fjernet fra årshjulet. Det som alt er laget, står."))
    return redirect(_wheel_url(school, _year(request)))


# Routine descriptions -------------------------------------------------------------------------------


@require_GET
def routine_list(request):
    access = access_for(request)
    school = wheel_school(access, request.GET.get("skole"))
    context = {
        "nav": "wheel",
        "school": school,
        "descriptions": routine_descriptions_for(access, school),
        "is_lead": access.leads(school.pk),
    }
    return render(request, "wheel/routine_list.html", context)


def _activities(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _edit(request, access, school, description=None):
    _require_lead(access, school)
    initial = {"version": description.version} if description else {}
    form = RoutineDescriptionForm(request.POST or None, instance=description, initial=initial)
    formset = ActivityFormSet(
        request.POST or None,
        prefix="act",
        # Only on GET: bound rows equal to their initial would count as unchanged and be dropped.
        initial=activity_initial(description) if description and request.method != "POST" else None,
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if description is None:
                description = services.routine_description_create(
                    access=access, school=school, activities=_activities(formset), **fields
                )
            else:
                description = services.routine_description_update(
                    access=access,
                    description=description,
                    version=form.cleaned_data.get("version") or 0,
                    activities=_activities(formset),
                    **fields,
                )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Rutinebeskrivelsen er lagret."))
            return redirect("wheel:routine_detail", description.pk)
    context = {"nav": "wheel", "form": form, "formset": formset, "school": school, "description": description}
    return render(request, "wheel/routine_form.html", context)


def routine_create(request):
    access = access_for(request)
    school = wheel_school(access, request.GET.get("skole") or request.POST.get("skole"))
    return _edit(request, access, school)


def routine_edit(request, pk):
    access = access_for(request)
    description = routine_description_get(access, pk)
    return _edit(request, access, description.school, description)


@require_GET
def routine_detail(request, pk):
    access = access_for(request)
    description = routine_description_get(access, pk)
    context = {
        "nav": "wheel",
        "d": description,
        "school": description.school,
        "is_lead": access.leads(description.school_id),
    }
    return render(request, "wheel/routine_detail.html", context)


@require_GET
def routine_pdf(request, pk):
    access = access_for(request)
    description = routine_description_get(access, pk)
    access.log(action="routine_description.pdf", school_id=description.school_id, obj=description)
    pdf = render_pdf("wheel/routine_pdf.html", {"d": description, "school": description.school})
    return pdf_response(pdf, f"rutinebeskrivelse-{description.pk}")
