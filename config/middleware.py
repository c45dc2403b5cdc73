"""Site-wide request checks and failure handling: bad input is a clear 400, a database problem a 503.

Each middleware here works under WSGI and ASGI alike, because the playground runs under an ASGI
server where a sync-only middleware would put every request back on a thread.
"""
import ipaddress
import logging

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.template.response import SimpleTemplateResponse, TemplateResponse

logger = logging.getLogger(__name__)


class BothModesMiddleware:
    """A middleware whose check is plain code: `check(request)` returns a response to stop, or None."""

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
        return self.check(request) or self.get_response(request)

    async def __acall__(self, request):
        return self.check(request) or await self.get_response(request)

    def check(self, request):
        raise NotImplementedError


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

    def check(self, request):
        return None

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
