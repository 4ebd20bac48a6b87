"""The written standard (målform) a page, an e-mail or a document is in.

Bokmål is the default; a school owner sets the standard for its schools, a school may set its own,
and a user may choose their own for what they see. What is sent or printed *to a school* (invitations,
reminders, documents for its archive) follows the school's standard, whoever triggered it.
"""

from django.conf import settings
from django.utils import translation

from .models import Staff, UserPreference

# The session key holding the language a logged-in user reads pages in (accounts.LanguageMiddleware).
LANGUAGE_SESSION_KEY = "laget_language"
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def valid_language(code) -> str | None:
    return code if code in LANGUAGE_CODES else None


def school_language(school) -> str:
    """The school's written standard: its own, else its owner's, else the product default."""
    if school is None:
        return settings.LANGUAGE_CODE
    return valid_language(school.language) or valid_language(school.owner.language) or settings.LANGUAGE_CODE


def user_language(user, *, fallback: str | None = None, ignore_choice: bool = False) -> str:
    """What a user reads pages in: their own choice, else `fallback` (what they chose before logging
    in), else the standard of the first school they work at."""
    chosen = None
    if not ignore_choice:
        chosen = UserPreference.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    if valid_language(chosen):
        return chosen
    if valid_language(fallback):
        return fallback
    staff = Staff.objects.filter(user_id=user.pk).select_related("school__owner").order_by("pk").first()
    if staff is None:
        membership = user.memberships.filter(active=True).select_related("team__school__owner").first()
        return school_language(membership.team.school if membership else None)
    return school_language(staff.school)


def for_school(school):
    """`with for_school(school):` renders an e-mail or a document in the school's written standard."""
    return translation.override(school_language(school))
