"""Whole-page caching keyed on the content revision, so any content save invalidates it.

Views opt in with @cached_page, naming the query parameters they read. PageCacheMiddleware,
near the top of the stack, serves a stored copy of such a page without running the rest of the
middleware or the view. What it stores is the final response, and each encoding of it (gzip,
brotli) compressed once, when a client first asks for it. Query parameters a page does not read
answer 301 to the clean URL and are never stored, so junk query strings cannot grow any cache.
"""

import gzip
import hashlib
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from threading import Lock

import brotli
from asgiref.sync import async_to_sync, iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.middleware.gzip import GZipMiddleware
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, urlencode

from config.http import read_only

from .models import ContentRevision, RevisionUnavailable

logger = logging.getLogger(__name__)

# Headers that belong to one encoding of the body, recomputed on every hit.
PER_ENCODING_HEADERS = {"content-length", "content-encoding", "etag"}


@dataclass(frozen=True)
class PagePolicy:
    """What a cached view reads from the query string; everything else is junk."""

    query: tuple = ()

    @lru_cache(maxsize=4096)  # noqa: B019 (policies live as long as the URLconf; the cache is bounded)
    def shape(self, query_string):
        """(has parameters the page does not read, the canonical query string), parsed once per
        query string: a hit on a popular page with parameters then parses nothing."""
        if not query_string:
            return False, ""
        try:  # as Django's WSGIRequest.GET reads it: the WSGI string's bytes, decoded as UTF-8
            raw = query_string.encode("iso-8859-1")
        except UnicodeEncodeError:
            raw = query_string
        parsed = QueryDict(raw)
        junk = any(key not in self.query for key in parsed)
        return junk, urlencode([(key, value) for key in self.query for value in parsed.getlist(key)])


def cached_page(view=None, *, query=()):
    """Mark a view's successful GET/HEAD responses as shared pages, the same for everyone.

    `@cached_page` for pages that read no query parameter; `@cached_page(query=("q",))` for a page
    that reads `q`. The marked response gets the public cache headers (see shared_cache_control).
    """

    def decorate(view):
        @read_only
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
                revision = getattr(request, "content_revision", None) or ContentRevision.current()
                response["Last-Modified"] = http_date(revision.changed_at.timestamp())
                response["Cache-Control"] = shared_cache_control()
                response.shared_page = True
            return response

        wrapper.page_policy = PagePolicy(tuple(query))
        return wrapper

    return decorate(view) if view is not None else decorate


def shared_cache_control():
    """Short browser lifetime, long shared lifetime, and permission to serve stale copies.

    Browsers keep a page PAGE_BROWSER_MAX_AGE seconds (RFC 9111 §5.2.2.1); shared caches (a CDN)
    keep it PAGE_SHARED_MAX_AGE seconds (s-maxage, §5.2.2.10), may serve it stale while they
    revalidate in the background and while the origin fails (RFC 5861).
    """
    return (
        f"public, max-age={settings.PAGE_BROWSER_MAX_AGE}, s-maxage={settings.PAGE_SHARED_MAX_AGE}, "
        f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.PAGE_STALE_IF_ERROR}"
    )


def page_policy(request):
    """The PagePolicy of the view this request resolves to, or None for an uncached view."""
    return path_policy(request.path_info)


@lru_cache(maxsize=4096)
def path_policy(path):
    """page_policy by path: resolving is a walk over every URL pattern, the same answer each time."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, "page_policy", None)


@receiver(setting_changed)
def forget_policies(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        path_policy.cache_clear()


def accepted_encoding(request):
    """The best encoding we store that the client accepts: br, gzip or identity (RFC 9110 §12.5.3)."""
    return encoding_for(request.headers.get("Accept-Encoding", ""))


@lru_cache(maxsize=256)
def encoding_for(header):
    weights = {}
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        weight = 1.0
        params = params.strip().lower()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        weights[name] = weight
    for encoding in ("br", "gzip"):
        if weights.get(encoding, weights.get("*", 0.0)) > 0:
            return encoding
    return "identity"


@dataclass
class StoredPage:
    """A 200 response, and each encoding of it compressed once: when a client first asks for it.

    A miss compresses only the encoding its client accepts (browsers br, curl and many libraries
    gzip); another encoding is compressed on the first hit that asks for it, and stored back.
    """

    headers: list
    bodies: dict
    etag: str
    last_modified: int = None
    cookies: dict = field(default_factory=dict)

    COMPRESSORS = {
        "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
        # Quality 5: 0.5 ms for a 48 KB page, within 6% of quality 11's size, which costs 18 ms.
        "br": lambda body: brotli.compress(body, quality=5, mode=brotli.MODE_TEXT),
    }
    MIN_COMPRESSED_BYTES = 200

    @classmethod
    def from_response(cls, response):
        body = response.content
        digest = hashlib.blake2b(body, digest_size=12).hexdigest()
        headers = [(name, value) for name, value in response.items() if name.lower() not in PER_ENCODING_HEADERS]
        return cls(
            headers, {"identity": body}, f'W/"{digest}"', parse_http_date_safe(response.get("Last-Modified", ""))
        )

    @property
    def compressible(self):
        return len(self.bodies["identity"]) >= self.MIN_COMPRESSED_BYTES

    def add_encoding(self, encoding):
        """Compress the body into `encoding` unless it is stored already; True when it was added."""
        if encoding == "identity" or encoding in self.bodies or not self.compressible:
            return False
        self.bodies[encoding] = self.COMPRESSORS[encoding](self.bodies["identity"])
        return True

    def response(self, request, encoding):
        if encoding not in self.bodies:
            encoding = "identity"
        body = self.bodies[encoding]
        response = HttpResponse(body)
        for name, value in self.headers:
            response[name] = value
        response["ETag"] = self.etag
        if encoding != "identity":
            response["Content-Encoding"] = encoding
        if self.compressible:
            patch_vary_headers(response, ("Accept-Encoding",))
        response["Content-Length"] = str(len(body))
        if settings.PROXY_CACHE_SECONDS is not None:
            # nginx honours X-Accel-Expires over Cache-Control and removes it before the client.
            response["X-Accel-Expires"] = str(settings.PROXY_CACHE_SECONDS)
        return get_conditional_response(request, etag=self.etag, last_modified=self.last_modified, response=response)


def junk_query_redirect(request, canonical_query):
    """301 to the URL without the parameters the page ignores; private, so no shared cache stores it."""
    location = request.path + (f"?{canonical_query}" if canonical_query else "")
    response = HttpResponsePermanentRedirect(location)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def unavailable(request):
    """The database is down and this process knows no revision: the site's 503 page."""
    from config.middleware import DatabaseUnavailableMiddleware

    return DatabaseUnavailableMiddleware.unavailable_response(request)


class PageCacheMiddleware:
    """Serve stored shared pages; store those the views mark with @cached_page."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        policy = page_policy(request)
        if policy is None:
            return self.get_response(request)
        return self.serve(request, policy, self.get_response)

    async def __acall__(self, request):
        # The ASGI server runs the playground, whose views are not cached: they pass straight through.
        policy = page_policy(request) if request.method in ("GET", "HEAD") else None
        if policy is None:
            return await self.get_response(request)
        return await sync_to_async(self.serve)(request, policy, async_to_sync(self.get_response))

    def serve(self, request, policy, get_response):
        junk, canonical_query = policy.shape(request.META.get("QUERY_STRING", ""))
        if junk:
            return junk_query_redirect(request, canonical_query)
        try:
            request.content_revision = revision = ContentRevision.current()
        except RevisionUnavailable:
            return unavailable(request)
        digest = hashlib.sha256(f"{request.path}?{canonical_query}".encode()).hexdigest()
        # The revision's time too: a database rebuilt from scratch counts its revisions from 1 again.
        key = f"page:{revision.number}.{revision.changed_at.timestamp():.6f}:{digest}"
        encoding = accepted_encoding(request)
        stored = safe_cache_get(key)
        if stored is not None:
            if stored.add_encoding(encoding):
                safe_cache_set(key, stored)  # the first client to ask for this encoding; others reuse it
            return stored.response(request, encoding)
        response = get_response(request)
        if getattr(response, "shared_page", False) and response.status_code == 200 and not response.cookies:
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
            stored = StoredPage.from_response(response)
            stored.add_encoding(encoding)
            safe_cache_set(key, stored)
            return stored.response(request, encoding)
        return response


class RecentPages:
    """The pages this process served last, unpickled: a hit on a popular page skips the cache's
    round trip and unpickling. Keys carry the content revision, so a save leaves old entries
    unreachable; they age out. The shared cache stays the source of truth across processes."""

    def __init__(self, size):
        self.size, self.pages, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            expires, page = self.pages.get(key, (0, None))
            if page is None or expires < time.monotonic():
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key, page):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or self.size <= 0:  # caching is off: keep nothing here either
            return
        with self.lock:
            self.pages[key] = (time.monotonic() + seconds, page)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self):
        with self.lock:
            self.pages.clear()


recent_pages = RecentPages(settings.PAGE_RECENT_PAGES)


@receiver(setting_changed)
def forget_recent_pages(setting, **kwargs):
    if setting in ("PAGE_CACHE_SECONDS", "CACHES", "PROXY_CACHE_SECONDS"):
        recent_pages.clear()


def safe_cache_get(key):
    page = recent_pages.get(key)
    if page is not None:
        return page
    try:
        page = cache.get(key)
    except Exception as error:  # a shared cache that is down means a miss, never an error page
        logger.warning("Page cache unavailable: %s", error)
        return None
    if page is not None:
        recent_pages.put(key, page)
    return page


def safe_cache_set(key, value):
    recent_pages.put(key, value)
    try:
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    except Exception as error:
        logger.warning("Page cache unavailable: %s", error)


class CompressionMiddleware(GZipMiddleware):
    """gzip for responses the page cache does not store; stored pages are compressed once, there."""

    def process_response(self, request, response):
        if getattr(response, "shared_page", False):
            return response
        return super().process_response(request, response)
