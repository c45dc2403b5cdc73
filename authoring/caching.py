"""Whole-page caching keyed on the content revision, so any content save invalidates it.

Views opt in with @cached_page. PageCacheMiddleware, near the top of the stack, serves a
stored copy of such a page without running the rest of the middleware or the view: one
query (the revision row) per hit. What it stores is the final response, so the security
headers, ETag and Last-Modified set further in are part of the copy.
"""
import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from .models import ContentRevision


def cached_page(view):
    """Mark a view's successful GET/HEAD responses as shared, cacheable pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            revision = getattr(request, "content_revision", None) or ContentRevision.current()
            response["Last-Modified"] = http_date(revision.changed_at.timestamp())
            patch_cache_control(response, no_cache=True)
            response.shared_page = True
        return response

    return wrapper


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.get_response(request)
        request.content_revision = revision = ContentRevision.current()
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{revision.number}:{path}"
        response = cache.get(key)
        if response is not None:
            conditional = get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
            return conditional
        response = self.get_response(request)
        if getattr(response, "shared_page", False) and response.status_code == 200 and not response.cookies:
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
