from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from laget.cases import disclosure
from laget.cases.selectors import case_get
from laget.organisations.access import access_for

from .forms import CaseMoveForm
from .selectors import ladder_panel
from .services import case_escalate


@require_http_methods(["GET", "POST"])
def case_move(request, pk):
    """Move a case on its ladder (the form is also on the case page; errors are shown here)."""
    access = access_for(request)
    case = case_get(access, pk)
    panel = ladder_panel(access, case)
    if not panel["may_move"]:
        raise PermissionDenied
    form = CaseMoveForm(request.POST or None, levels=panel["levels"], initial={"version": panel["version"]})
    if request.method == "POST" and form.is_valid():
        try:
            case_escalate(
                access=access,
                case=case,
                to_level=form.cleaned_data["to_level"],
                reason=form.cleaned_data["reason"],
                seen_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                form.add_error(None, error.messages)
        else:
            return redirect(reverse("cases:case_detail", args=[case.pk]) + "#trapp")
    access.log(action="ladder.view", school_id=case.school_id, student_id=case.student_id, obj=case)
    context = {
        "case": case,
        "label": disclosure.case_label(access, case),
        "redact": disclosure.redactor(access, case),
        "form": form,
        "nav": "cases",
        **panel,
    }
    return render(request, "ladders/case_move.html", context, status=400 if form.errors else 200)
