"""The resource-team roles named in the seed routines.

Migration 0002 keeps its own frozen copy (migrations never import app code); this list is for
code that must restore them, e.g. tests that flush the database.
"""

DEFAULT_ROLES = [
    # code, name, leads_team, sees_restricted
    ("rektor", "Rektor", True, False),
    ("avdelingsleder", "Avdelingsleder / inspektør", True, False),
    ("spesped", "Spesialpedagogisk koordinator", False, False),
    ("pprad", "PP-rådgiver", False, False),
    ("helsesykepleier", "Helsesykepleier", False, True),
    ("radgiver", "Rådgiver", False, False),
    ("sosiallaerer", "Sosiallærer", False, False),
    ("miljoterapeut", "Miljøterapeut", False, False),
    ("laererrep", "Representant for lærerne", False, False),
    ("flersprakligkoord", "Flerspråklig koordinator", False, False),
    ("barnevern", "Barneverntjenesten", False, False),
]


def ensure_default_roles():
    from .models import Role

    for code, name, leads, restricted in DEFAULT_ROLES:
        Role.objects.get_or_create(
            code=code, defaults={"name": name, "leads_team": leads, "sees_restricted": restricted}
        )
