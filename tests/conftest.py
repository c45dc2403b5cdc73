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

    cache.clear()
    yield
    cache.clear()
