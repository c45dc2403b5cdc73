"""What a throttled admin login gets: 429 with Retry-After, as the site teaches for rate limits.

django-axes locks a (username, address) pair; AddressThrottleMiddleware adds a per-address limit
across usernames, against password spraying from one address.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse

from config.middleware import BothModesMiddleware, client_address


def lockout_response(request, original_response=None, credentials=None):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "authoring/lockout.html", {"minutes": seconds // 60}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def address_key(request):
    return f"login-failures:{client_address(request)}"


@receiver(user_login_failed, dispatch_uid="authoring-count-address-failures")
def count_address_failure(sender, credentials=None, request=None, **kwargs):
    if request is None:
        return
    key = address_key(request)
    if cache.add(key, 1, int(settings.AXES_COOLOFF_TIME.total_seconds())):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, int(settings.AXES_COOLOFF_TIME.total_seconds()))


class AddressThrottleMiddleware(BothModesMiddleware):
    """Refuse login attempts from an address with too many recent failures, before any password check."""

    def check(self, request):
        if request.method != "POST" or request.path != reverse("admin:login"):
            return None
        if (cache.get(address_key(request)) or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return lockout_response(request)
        return None
