"""The challenge categories of the referral form and the action plan.

The default is the Hustadvika referral form (seed 000). A school's routine may replace the list
(`referral_categories` in laget.routines); codes stay stable, and a stored code keeps its label
even after the routine dropped or renamed it.
"""

from django.utils.translation import gettext_lazy as _

CHALLENGES = [
    ("fagvansker", _("Fagvansker")),
    ("lesevansker", _("Lesevansker")),
    ("skrivevansker", _("Skrivevansker")),
    ("lite_utbytte", _("Lite utbytte av undervisningen")),
    ("urolig", _("Urolig")),
    ("passiv", _("Passiv / stille")),
    ("konsentrasjon", _("Konsentrasjon")),
    ("samspill", _("Samspillsvansker")),
    ("oppforsel", _("Oppførsel")),
    ("annet", _("Annet")),
]
CHALLENGE_LABELS = dict(CHALLENGES)


def challenges_for_school(school) -> list[tuple[str, str]]:
    """The checkboxes of the school's referral form: its routine's categories, or the default."""
    from laget.routines.selectors import routine_data_for_school

    categories = routine_data_for_school(school).get("referral_categories") if school is not None else None
    if not categories:
        return list(CHALLENGES)
    return [(c["code"], c["label"]) for c in categories]


def challenge_choices(school, stored=()) -> list[tuple[str, str]]:
    """The school's categories plus any stored code the routine no longer lists (kept readable)."""
    choices = challenges_for_school(school)
    known = {code for code, _label in choices}
    return choices + [(c, CHALLENGE_LABELS.get(c, c)) for c in stored or [] if c not in known]


def challenge_labels(codes, school=None) -> list[str]:
    labels = dict(CHALLENGE_LABELS)
    labels.update(challenges_for_school(school) if school is not None else [])
    return [str(labels[c]) for c in codes or [] if c in labels]
