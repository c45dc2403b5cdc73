"""Site-wide failure handling: a database problem is a clear 503, never a traceback."""
import logging

from django.db import DatabaseError
from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turns database errors (missing tables, read-only or unreachable database) into a 503 page.

    503 is the honest answer: the failure is on our side and temporary, and Retry-After
    tells clients and crawlers when to come back (RFC 9110 §15.6.4).
    """

    retry_after_seconds = 120

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        logger.error("Database error on %s: %s", request.path, exception)
        response = SimpleTemplateResponse("503.html", {"request": request}, status=503)
        response["Retry-After"] = str(self.retry_after_seconds)
        response["Cache-Control"] = "no-store"
        return response.render()
