"""Fixtures for the playground tests."""

import pytest


@pytest.fixture
def unlimited(settings):
    """Lift the per-address rate limit for tests that send hundreds of requests from one address."""
    settings.PLAYGROUND_RATE_LIMIT = 100_000
