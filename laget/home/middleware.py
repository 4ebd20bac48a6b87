from django.http import Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Pages for signed-in users carry student data: never store them in any cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class StaffOnlyMiddleware:
    """People who are not staff at any school — guests from other agencies — reach only their
    guest pages, their account and Min side (which sends them to their invitations).

    Everything else answers 404: for a guest, Laget's staff pages do not exist (rule 1). The
    selectors would show them empty lists anyway; this makes it a rule instead of an accident.
    """

    ALLOWED_NAMESPACES = {"guests", "accounts"}
    ALLOWED_NAMES = {"login", "logout", "healthz", "readyz", "home:my_page"}
    # The school owner's staff (kommune): the owner's aggregated key figures, nothing of a school.
    OWNER_NAMES = {"reports:owner"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        match = request.resolver_match
        if match is None or match.namespace in self.ALLOWED_NAMESPACES or match.view_name in self.ALLOWED_NAMES:
            return None
        if match.route.startswith("admin/") or match.namespace == "admin":
            return None  # the admin checks is_staff itself
        from laget.organisations.access import access_for

        access = access_for(request)
        if access.staff_school_ids:
            return None
        if match.view_name in self.OWNER_NAMES and access.owner_ids:
            return None
        raise Http404
