"""The leaks the canary walk (test_canary.py) finds on main, one line each.

Key: (output, viewer). The output is a URL name (its object is case A's unless [named]), "pdf:<URL
name>" for a real PDF read back, or "email:<kind>" (":<file>" for an attachment). The test fails on a
leak that is not here AND on an entry here that no longer leaks: when an output is fixed, remove its
lines. Never add a line to make a new leak pass — fix the output.
"""

KNOWN_LEAKS: dict[tuple[str, str], str] = {
    ("audit:emergency_request", "agency"): "the emergency-access page names the student to an invited agency member",
    ("cases:referral_create", "agency"): "the student picker lists every student by name",
    ("cases:referral_create", "member"): "the student picker lists every student by name",
    ("cases:referral_create", "nurse"): "the student picker lists every student by name",
    ("cases:referral_create", "office"): "the student picker lists every student by name",
}
