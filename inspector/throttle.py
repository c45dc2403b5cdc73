"""A per-address rate limit for the inspector's POSTs, counted in Django's cache.

Fixed windows keyed on REMOTE_ADDR: behind a reverse proxy that address must be the client's
(the proxy sets it), never a header the client controls such as X-Forwarded-For.
"""

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = (30, 60)  # 30 inspections per address per minute


def retry_after(request):
    """Seconds until this address may inspect again, or None if it may now (and count it)."""
    limit, period = getattr(settings, "INSPECTOR_RATE_LIMIT", DEFAULT_LIMIT)
    now = int(time.time())
    window = now // period
    key = f"inspector:rate:{request.META.get('REMOTE_ADDR', '')}:{window}"
    if cache.add(key, 1, period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window expired between add() and incr()
            cache.add(key, 1, period + 1)
            count = 1
    if count > limit:
        return max(1, (window + 1) * period - now)
    return None
