"""Which requests run in one transaction (docs/decisions/0004).

A request that may change data (POST, PUT, PATCH, DELETE) runs its view in one transaction: the
change, its access-log rows and its timeline stand or fall together. A read (GET, HEAD, OPTIONS)
runs without one: its access-log rows are written by their own short insert before the page is
rendered, so the page is still never shown without them (fail closed), but the read holds no
lock for its length; on SQLite it does not take the database's single write lock while it reads
and renders. This replaces ATOMIC_REQUESTS, which cannot tell the two apart.
"""

from django.db import transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AtomicWritesMiddleware:
    """Last in MIDDLEWARE: runs an unsafe request's view inside transaction.atomic(); an exception
    rolls everything back before the handler turns it into an error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        with transaction.atomic():
            response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()  # a lazy TemplateResponse renders inside the transaction
        return response
