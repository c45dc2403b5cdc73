"""What real curl prints, from this site's own live server, is read and explained correctly."""

import shutil
import subprocess

import pytest
from django.core.management import call_command

from inspector.report import inspect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    call_command("load_content", verbosity=0)
    return live_server.url


def curl(*args):
    result = subprocess.run(["curl", "--silent", "--max-time", "20", *args], capture_output=True, text=True, timeout=30)
    return result


def test_curl_include_of_a_try_redirect(site):
    output = curl("--include", f"{site}/try/308/").stdout
    inspection = inspect(output)
    assert inspection.response.input_format == "raw response" and inspection.response.status == 308
    assert inspection.location and [row.follow_up for row in inspection.redirects] == ["GET", "POST, unchanged"]
    assert [p for p in inspection.problems if p.level == "error"] == []


def test_curl_verbose_of_a_cached_page_reads_its_shared_and_private_lifetimes(site, settings):
    output = curl("--verbose", "--output", "/dev/null", f"{site}/codes/404/").stderr
    inspection = inspect(output)
    assert (inspection.response.input_format, inspection.response.status, inspection.method) == ("curl -v", 200, "GET")
    shared, private = inspection.cache["shared"], inspection.cache["private"]
    # The site sends public, max-age for browsers and s-maxage for shared caches (RFC 9111 §5.2.2.10).
    assert shared.storable and shared.freshness_source == "s-maxage"
    assert shared.freshness_lifetime == settings.PAGE_SHARED_MAX_AGE
    assert private.storable and private.freshness_lifetime == settings.PAGE_BROWSER_MAX_AGE
    assert [p for p in inspection.problems if p.level == "error"] == []


def test_curl_following_a_redirect_inspects_the_last_response(site):
    output = curl("--include", "--location", f"{site}/301").stdout
    inspection = inspect(output)
    assert inspection.response.status == 200
    assert any("301" in note for note in inspection.response.notes)
