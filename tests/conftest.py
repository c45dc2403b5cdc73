"""Shared fixtures: the test database holds the shipped content, loaded once."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Page caches outlive a test's rolled-back transaction; start every test without them."""
    from django.core.cache import cache

    from authoring.caching import recent_pages
    from authoring.models import ContentRevision

    cache.clear()
    recent_pages.clear()
    ContentRevision.forget()
    yield
    cache.clear()
    recent_pages.clear()
    ContentRevision.forget()


@pytest.fixture(autouse=True)
def test_client_sends_no_host(settings):
    """Django's test client sends no Host header; real clients do (checked in tests/live)."""
    settings.REQUIRE_HOST_HEADER = False
    # Absolute links come from SITE_URL; in tests it names the test client's host.
    settings.SITE_URL = "http://testserver"
