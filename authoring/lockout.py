"""What a throttled admin login gets: 429 with Retry-After, as the site teaches for rate limits."""
from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "authoring/lockout.html", {"minutes": seconds // 60}, status=429)
    response["Retry-After"] = str(seconds)
    return response
