"""Error views for failures outside any view's own handling."""

import sys

from django.db import DatabaseError
from django.views.defaults import server_error as django_server_error

from .middleware import DatabaseUnavailableMiddleware


def server_error(request):
    """A database error raised anywhere (a middleware, a session save) is a 503 with Retry-After."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        return DatabaseUnavailableMiddleware.unavailable_response(request)
    return django_server_error(request)
