"""Rule 6: a referral to PPT needs a team discussion and tried, evaluated measures, with a
pedagogical report (seed 000: "Alle tiltak skal vurderes, drøftes og testes før det eventuelt
henvises til PPT"; seed 004: the case shall always have been discussed in the resource team, and
the teachers write a pedagogical report before the referral).

A recorded reason may stand in for the measures and the report (an urgent case cannot wait for
a measure to be tried), never for the team discussion, which seed 004 requires "alltid".
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _

from laget.cases.models import Evaluation

EXCEPTION_REASON_MIN_LENGTH = 40


@dataclass(frozen=True)
class GateStatus:
    discussed: bool
    measures_evaluated: bool

    @property
    def needs_exception(self) -> bool:
        return not self.measures_evaluated


def gate_status(case) -> GateStatus:
    """What the case already has: a discussion in a held meeting, a measure with an evaluation."""
    agenda_item = apps.get_model("meetings", "AgendaItem")  # meetings sits above cases, beside ppt
    discussed = agenda_item.objects.filter(case=case, meeting__status__in=["held", "approved"]).exists()
    evaluated = Evaluation.objects.filter(measure__case=case).exists()
    return GateStatus(discussed=discussed, measures_evaluated=evaluated)


def gate_errors(status: GateStatus, *, pedagogical_report: str, has_report_file: bool, exception_reason: str) -> dict:
    """Field → Norwegian message for each missing condition; empty when the referral may be made."""
    errors = {}
    if not status.discussed:
        errors["__all__"] = _(
            "Saken er ikke drøftet i ressursteamet. Sett den på sakslisten til et møte og gjennomfør møtet "
            "før den henvises til PPT."
        )
    has_report = bool(pedagogical_report.strip()) or has_report_file
    missing = []
    if not status.measures_evaluated:
        missing.append(_("utprøvde tiltak som er evaluert"))
    if not has_report:
        missing.append(_("en pedagogisk rapport (tekst eller vedlegg)"))
    if missing and len(exception_reason.strip()) < EXCEPTION_REASON_MIN_LENGTH:
        message = _(
            "Saken mangler %(missing)s. Fyll inn det som mangler, eller skriv en begrunnelse (minst %(min)s tegn) "
            "for hvorfor saken henvises likevel."
        ) % {"missing": _(" og ").join(missing), "min": EXCEPTION_REASON_MIN_LENGTH}
        errors["exception_reason"] = message
    return errors
