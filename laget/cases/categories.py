"""The challenge categories of the Hustadvika referral form (seed 000).

Stored as a list of codes on the referral and the action plan. The routine
configuration (a later issue) may replace this list per routine; codes stay stable.
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


def challenge_labels(codes) -> list[str]:
    return [str(CHALLENGE_LABELS[c]) for c in codes if c in CHALLENGE_LABELS]
