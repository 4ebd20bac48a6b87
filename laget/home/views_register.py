"""Import from the school's register (laget.students): upload → preview → confirm. Lead of the
school's team (or an administrator) only; for everyone else these pages do not exist (404). In home
because the preview asks the disclosure policy (laget.cases.disclosure) about protected addresses."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from laget.organisations.access import access_for
from laget.students.forms import RegisterConfirmForm, RegisterUploadForm
from laget.students.models import RegisterImport
from laget.students.register_file import COLUMNS, FileError
from laget.students.register_plan import build_plan
from laget.students.selectors import import_schools, register_import_get
from laget.students.services import register_import_apply, register_import_upload

from .register_preview import preview_context

EXAMPLES = {"csv": ("elevimport.csv", "text/csv; charset=utf-8"), "xlsx": ("elevimport.xlsx", None)}


def _schools(access):
    schools = import_schools(access)
    if not schools:
        raise Http404
    return schools


def register_upload(request):
    access = access_for(request)
    schools = _schools(access)
    form = RegisterUploadForm(request.POST or None, request.FILES or None, schools=schools)
    checked, file_error = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            register_import, checked = register_import_upload(
                access=access, school=form.cleaned_data["school"], data=upload.read(), filename=upload.name
            )
        except FileError as error:
            file_error = str(error)
        else:
            if register_import is not None:
                return redirect("students:register_preview", register_import.pk)
    context = {
        "nav": "students",
        "form": form,
        "checked": checked,
        "file_error": file_error,
        "columns": [label for label, _v in COLUMNS.values()],
    }
    return render(request, "students/register_upload.html", context)


def register_preview(request, pk):
    access = access_for(request)
    register_import = register_import_get(access, pk)
    if register_import.status != RegisterImport.Status.PENDING:
        return render(request, "students/register_done.html", {"nav": "students", "register_import": register_import})
    if request.method == "POST":
        form = RegisterConfirmForm(request.POST)
        if form.is_valid():
            try:
                counts = register_import_apply(
                    access=access, register_import=register_import, fingerprint=form.cleaned_data["fingerprint"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _(
                        "Importert: %(created)s nye elever, %(changed)s endret, %(moved)s flyttet, "
                        "%(left)s markert som sluttet."
                    )
                    % counts,
                )
                return redirect("students:student_list")
        else:
            messages.error(request, _("Bekreftelsen manglet. Se over forhåndsvisningen og bekreft igjen."))
    plan = build_plan(school=register_import.school, payload=register_import.payload)
    counts = plan.counts()
    access.log(
        action="register.preview",
        school_id=register_import.school_id,
        obj=register_import,
        detail=", ".join(f"{k}={v}" for k, v in counts.items()),
    )
    context = {
        "nav": "students",
        "register_import": register_import,
        "confirm_form": RegisterConfirmForm(initial={"fingerprint": plan.fingerprint()}),
        **preview_context(access, plan),
    }
    return render(request, "students/register_preview.html", context)


@require_GET
def register_example(request, fmt):
    """The documented example file (fictional people, synthetic identity numbers)."""
    _schools(access_for(request))
    if fmt not in EXAMPLES:
        raise Http404
    name, content_type = EXAMPLES[fmt]
    path = Path(settings.BASE_DIR) / "docs" / "examples" / name
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)
    if content_type:
        response["Content-Type"] = content_type
    return response
