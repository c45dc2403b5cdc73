"""A per-address request budget for /try/ and /lab/, counted in Django's cache.

Each address gets PLAYGROUND_RATE_LIMIT requests in a window of WINDOW_SECONDS that opens
with its first request; the cache holds only the count and the window's start, and both
expire with the window. IPv6 addresses count per /64, the block one subscriber usually gets,
so walking through one's own addresses does not multiply the budget.
"""

import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .responses import message_response

WINDOW_SECONDS = 60
DEFAULT_LIMIT = 300
POLICY = "playground"


def rate_limit():
    return getattr(settings, "PLAYGROUND_RATE_LIMIT", DEFAULT_LIMIT)


def client_key(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True)
class Quota:
    """Where one address stands in its current window."""

    limit: int
    used: int
    resets_in: int

    @property
    def exceeded(self):
        return self.used > self.limit

    @property
    def remaining(self):
        return max(0, self.limit - self.used)

    def headers(self):
        """The draft-ietf-httpapi-ratelimit-headers fields our guide to 429 recommends."""
        return {
            "RateLimit-Policy": f'"{POLICY}";q={self.limit};w={WINDOW_SECONDS}',
            "RateLimit": f'"{POLICY}";r={self.remaining};t={self.resets_in}',
        }


def count_request(address):
    """Count one request from `address` and return its quota (cache calls only; safe in a thread)."""
    key = f"playground:rate:{client_key(address)}"
    now = time.time()
    cache.add(f"{key}:start", now, WINDOW_SECONDS)
    start = cache.get(f"{key}:start") or now
    if now >= start + WINDOW_SECONDS:  # the cache kept the key past its window (a shared cache's clock)
        start = now
        cache.set(f"{key}:start", start, WINDOW_SECONDS)
    # The count is keyed by its window's start, so a new window never inherits an old count.
    counter = f"{key}:{start:.6f}"
    cache.add(counter, 0, WINDOW_SECONDS + 1)
    try:
        used = cache.incr(counter)
    except ValueError:  # the window closed between add() and incr()
        cache.set(counter, 1, WINDOW_SECONDS + 1)
        used = 1
    resets_in = max(1, math.ceil(start + WINDOW_SECONDS - now))
    return Quota(limit=rate_limit(), used=used, resets_in=resets_in)


def too_many_requests(request, quota):
    """The 429 our own guide describes: Retry-After in seconds, the policy, and a body saying what to do."""
    message = (
        f"This address sent more than {quota.limit} requests to /try/ and /lab/ within {WINDOW_SECONDS} seconds. "
        f"Wait {quota.resets_in} seconds (Retry-After) before the next one; to run a large suite, "
        "run the playground locally with `make serve`."
    )
    response = message_response(
        request,
        429,
        "Too Many Requests",
        message,
        limit=quota.limit,
        window_seconds=WINDOW_SECONDS,
        retry_after_seconds=quota.resets_in,
    )
    response["Retry-After"] = str(quota.resets_in)
    return response
