"""The authentication backend for sessions that were not opened with a password."""

from django.contrib.auth.backends import ModelBackend


class SignedInElsewhereBackend(ModelBackend):
    """Feide (OpenID Connect) and guests' e-mailed sign-in links decide who the user is in their own
    services; `login()` records this backend on the session so later requests load the user (and
    refuse an inactive one). It authenticates nobody by itself: no password is ever checked here."""

    def authenticate(self, request, **credentials):
        return None
