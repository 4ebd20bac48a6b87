"""The warning where a user writes in an anonymous case (laget.cases.disclosure, rule 8).

A form with `NameWarningMixin` checks its `name_fields` when the case has no consent for team
discussion: if the text names the student or a guardian, the form is not saved; it comes back with
everything typed, a Norwegian message per field, and two buttons (includes/name_warning.html):
"Fjern navnene og lagre" replaces the names with "[navn]" and saves; "Lagre med navnene" saves as
typed (outputs still hide the names from those the case is anonymous to)."""

from django.utils.translation import gettext as _

from . import disclosure

CHOICE_FIELD = "navn"  # the name of the two submit buttons
REMOVE, KEEP = "fjern", "behold"


class NameWarningMixin:
    name_fields: tuple[str, ...] = ()

    def names_case(self, data):
        """The case the text is written in (a form may take it from its own data)."""
        return getattr(self, "case", None)

    def check_names(self, data: dict) -> dict:
        self.names_found: list[str] = []
        case = self.names_case(data)
        if case is None or case.student_id is None or disclosure.has_consent(case):
            return data
        found = {f: disclosure.names_in_text(data.get(f) or "", case.student) for f in self.name_fields}
        if not any(found.values()):
            return data
        choice = self.data.get(self.add_prefix(CHOICE_FIELD)) or self.data.get(CHOICE_FIELD)
        if choice == REMOVE:
            for f in self.name_fields:
                data[f] = disclosure.redact_names(data.get(f) or "", case.student)
            return data
        if choice == KEEP:
            return data
        for f, names in found.items():
            if names:
                self.add_error(
                    f,
                    _(
                        "Teksten nevner eleven eller en foresatt ved navn (%(names)s), men saken er anonym. "
                        "Fjern navnene, eller lagre med navnene: de skjules da for alle som ikke kjenner eleven."
                    )
                    % {"names": ", ".join(names)},
                )
                self.names_found += [n for n in names if n not in self.names_found]
        return data
