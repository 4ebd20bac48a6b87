"""`{{ text|redact:redact }}`: free text as the viewer may see it (laget.cases.disclosure, rule 8).

The view puts `redact = disclosure.redactor(viewer, case)` in the context. Without a redactor
the filter fails closed: the text is replaced by a notice, never shown unredacted."""

from django import template
from django.utils.translation import gettext as _

from laget.cases.disclosure import Redactor

register = template.Library()


@register.filter
def redact(value, redactor):
    if not value:
        return value
    if not isinstance(redactor, Redactor):
        return _("[skjult tekst]")
    return redactor(value)
