"""One structured log line per request: method, path (without the query string, which may hold a
search for a child's name), status, duration, the user's id and the request id (added by the
logging filter from django-guid). Probes are answered before this middleware and not logged."""

import logging
import time

logger = logging.getLogger("laget.operations.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        status = response.status_code
        logger.log(
            logging.WARNING if status >= 500 else logging.INFO,
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response
