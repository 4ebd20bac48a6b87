from django import template

from laget.cases import disclosure
from laget.organisations.access import access_for

from ..forms import CaseMoveForm
from ..selectors import ladder_panel

register = template.Library()


@register.inclusion_tag("ladders/_case_ladder.html", takes_context=True)
def case_ladder(context, case):
    """The ladder panel on the case page. The case view has already checked access and logged the read."""
    access = access_for(context["request"])
    panel = ladder_panel(access, case)
    form = CaseMoveForm(levels=panel["levels"], initial={"version": panel["version"]}) if panel["may_move"] else None
    redact = disclosure.redactor(access, case)
    return {"case": case, "form": form, "csrf_token": context.get("csrf_token"), "redact": redact, **panel}
