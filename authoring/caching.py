"""Whole-page caching keyed on the content revision, so any content save invalidates it."""
import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from .models import ContentRevision


def cached_page(view):
    """Serve GET/HEAD from the cache while the content revision is unchanged.

    One query (the revision row) per cached hit. Responses carry Last-Modified from the
    revision and `Cache-Control: no-cache`, so browsers revalidate and get a 304 from
    ConditionalGetMiddleware while nothing changed.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        revision = ContentRevision.current()
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{revision.number}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                response["Last-Modified"] = http_date(revision.changed_at.timestamp())
                patch_cache_control(response, no_cache=True)
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
