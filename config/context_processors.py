"""Template context every page needs."""

from django.conf import settings


def absolute_url(path):
    """An absolute link on the configured public origin (SITE_URL), never on the request's Host,
    so no request can put another host's links into a cached page."""
    return settings.SITE_URL + path


def site(request):
    return {"site_url": settings.SITE_URL}
