"""The harness itself, on a few scenarios through the real stack (nginx + granian on loopback),
with real curl and requests: what it measures now is what the shipped file says."""

import subprocess
from pathlib import Path

import pytest

from clients.content import parse_observations
from clients.harness import CurlRunner, PythonRunner, Stack, all_cases, measure
from clients.management.commands.measure_clients import differences

pytestmark = pytest.mark.live

SHIPPED = Path(__file__).resolve().parents[2] / "clients" / "content" / "observations.yaml"
CASES = {
    ("redirect", 301, "PUT"),
    ("redirect", 307, "POST"),
    ("redirect", 303, "DELETE"),
    ("redirect-limit", 302, "GET"),
    ("retry-after-seconds", 503, "GET"),
    ("auth-basic", 401, "GET"),
    ("relative-location", 302, "GET"),
}


@pytest.fixture(scope="module")
def stack():
    if not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    with Stack() as running:
        yield running


def test_curl_and_requests_measure_what_the_shipped_file_says(stack):
    cases = [case for case in all_cases() if (case.scenario, case.code, case.method) in CASES]
    clients, fresh = measure(
        stack.url, runners=[CurlRunner("curl"), PythonRunner("requests")], cases=cases, log=lambda line: None
    )
    shipped_clients, shipped = parse_observations(SHIPPED.read_text(), str(SHIPPED))
    keys = {(o["client"], o["scenario"], o["code"], o["method"]) for o in fresh}
    assert len(keys) == 2 * len(CASES)
    same_cases = [o for o in shipped if (o["client"], o["scenario"], o["code"], o["method"]) in keys]
    assert differences(same_cases, fresh) == []
    requests_put = next(
        o for o in fresh if (o["client"], o["scenario"], o["code"], o["method"]) == ("requests", "redirect", 301, "PUT")
    )
    assert (requests_put["method_after"], requests_put["body_kept"]) == ("PUT", False)
    assert clients["requests"]["version"] == shipped_clients["requests"]["version"]


@pytest.mark.parametrize("path, redirects", [("/lab/redirects/chain/2/", 3), ("/lab/redirects/chain/9/", 10)])
def test_the_lab_chains_have_the_hop_counts_the_lab_page_gives(stack, path, redirects):
    done = subprocess.run(
        ["curl", "-s", "-L", "-o", "/dev/null", "-w", "%{num_redirects} %{http_code}", stack.url + path],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == f"{redirects} 200"
    page = subprocess.run(
        ["curl", "-s", stack.url + "/lab/redirects/"], capture_output=True, text=True, check=True
    ).stdout
    assert f'<a href="{path}">' in page
