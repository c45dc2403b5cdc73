"""Site-wide request checks and failure handling: bad input is a clear 400, a database problem a 503.

Each middleware here works under WSGI and ASGI alike, because the playground runs under an ASGI
server where a sync-only middleware would put every request back on a thread.
"""

import ipaddress
import json
import logging

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse, TemplateResponse

logger = logging.getLogger(__name__)


class BothModesMiddleware:
    """A middleware of plain code for both modes: `check(request)` returns a response to stop, or
    None; `finish(request, response)` may replace the response on its way out."""

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
        return self.check(request) or self.finish(request, self.get_response(request))

    async def __acall__(self, request):
        return self.check(request) or self.finish(request, await self.get_response(request))

    def check(self, request):
        return None

    def finish(self, request, response):
        return response


def bad_request(request, message):
    """The site's 400 page; it never reads the request's Host, which may be the very problem."""
    response = TemplateResponse(request, "400.html", {"message": message}, status=400)
    response["Cache-Control"] = "no-store"
    return response.render()


class HostValidationMiddleware(BothModesMiddleware):
    """First in the stack, before any cache: a request for a host we do not serve gets 400.

    RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without a Host header field.
    A Host outside ALLOWED_HOSTS is refused the same way, so no cached page is served to it and
    no link is ever built from it. (REQUIRE_HOST_HEADER is off only for Django's test client,
    which sends no Host; the live tests check the rule through real servers.)
    """

    def check(self, request):
        if (
            settings.REQUIRE_HOST_HEADER
            and request.META.get("SERVER_PROTOCOL", "").upper() == "HTTP/1.1"
            and not request.META.get("HTTP_HOST")
        ):
            return bad_request(request, "HTTP/1.1 requests must carry a Host header field (RFC 9112 §3.2).")
        try:
            request.get_host()
        except DisallowedHost:
            return bad_request(request, "This server does not serve the host named in the request.")
        return None


class BodylessResponseMiddleware(BothModesMiddleware):
    """Outermost: a 1xx or 204 never carries Content-Length (RFC 9110 §8.6), and a 304 carries none
    rather than risk one that differs from the 200's. Django's CommonMiddleware adds it to every
    response it sees; this runs after it."""

    def finish(self, request, response):
        if response.status_code < 200 or response.status_code in (204, 304):
            if response.has_header("Content-Length"):
                del response["Content-Length"]
        return response


def parse_networks(values):
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


class TrustedProxyMiddleware(BothModesMiddleware):
    """Make REMOTE_ADDR the real client's address when, and only when, the peer is a trusted proxy.

    The proxy appends the address it saw to X-Forwarded-For; reading that list from the right and
    skipping our own proxies gives the first address no one of ours vouches for. A client that
    sends its own X-Forwarded-For directly, or through the proxy, cannot choose what we read.
    Rate limits and the admin lockout key on the result.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.trusted = parse_networks(settings.TRUSTED_PROXIES)

    def is_trusted(self, address):
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def check(self, request):
        peer = request.META.get("REMOTE_ADDR", "")
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if not forwarded or not self.is_trusted(peer):
            return None
        for address in reversed([part.strip() for part in forwarded.split(",")]):
            if not self.is_trusted(address):
                try:
                    request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(address))
                except ValueError:
                    return bad_request(request, "The X-Forwarded-For header field is malformed.")
                break
        return None


class DatabaseUnavailableMiddleware(BothModesMiddleware):
    """Turns database errors (missing tables, read-only or unreachable database) into a 503 page.

    503 is the honest answer: the failure is on our side and temporary, and Retry-After
    tells clients and crawlers when to come back (RFC 9110 §15.6.4).
    """

    retry_after_seconds = 120

    @classmethod
    def unavailable_response(cls, request):
        response = SimpleTemplateResponse("503.html", {"request": request}, status=503)
        response["Retry-After"] = str(cls.retry_after_seconds)
        response["Cache-Control"] = "no-store"
        return response.render()

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        logger.error("Database error on %s: %s", request.path, exception)
        return self.unavailable_response(request)


def client_address(request):
    """The client's address for throttles (django-axes, rate limits): REMOTE_ADDR, which
    TrustedProxyMiddleware has already replaced with the real client's when a proxy of ours spoke."""
    return request.META.get("REMOTE_ADDR")


class JSONErrorsMiddleware(BothModesMiddleware):
    """Every error under /api/ is JSON, whoever produced it: a 404 from URL resolution, a 405, the
    CSRF check's 403, a 503 for a database outage. The status and its headers (Allow, Retry-After)
    stay as they are; only an HTML or empty body becomes {"error": ..., "status": ...}."""

    def finish(self, request, response):
        if (
            not request.path.startswith("/api/")
            or response.status_code < 400
            or response.get("Content-Type", "").startswith(("application/json", "application/problem+json"))
            or getattr(response, "streaming", False)
        ):
            return response
        message = {
            404: f"There is no API resource at {request.path[:200]}; see /api/openapi.json.",
            405: f"{request.method[:20]} is not allowed here; use {response.get('Allow', 'GET')}.",
            403: "Forbidden: this endpoint does not accept that request.",
            503: "The service is briefly unavailable; retry after the number of seconds in Retry-After.",
        }.get(response.status_code, response.reason_phrase)
        replacement = HttpResponse(
            json.dumps({"error": message, "status": response.status_code}),
            status=response.status_code,
            content_type="application/json",
        )
        for name, value in response.items():
            if name.lower() not in ("content-type", "content-length", "content-encoding", "content-language"):
                replacement[name] = value
        return replacement
