"""Playwright driving Debian's Chromium against Django's live server."""

import os
import threading

import pytest
from django.core.management import call_command
from django.core.signals import request_started

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make there are plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server):
    """The live server with the shipped content (transactional tests start from an empty database)."""
    call_command("load_content", verbosity=0)
    return live_server.url


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def server_hits():
    """Paths the live server was asked for, in order, counted on the server side."""
    hits, lock = [], threading.Lock()

    def record(sender, environ=None, **kwargs):
        with lock:
            hits.append(environ.get("PATH_INFO", ""))

    request_started.connect(record, weak=False)
    yield hits
    request_started.disconnect(record)
