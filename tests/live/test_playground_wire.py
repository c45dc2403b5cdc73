"""The playground on the wire: status lines and header fields as curl and requests receive them.

These run against the real server (`live_url`), not Django's test client. Each test speaks from
its own loopback address (127.0.x.y; all of 127/8 reaches the loopback interface), so each has
its own rate-limit budget, as separate clients on the Internet would.
"""

import itertools
import shutil
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.live.conftest import start_stack, stop_stack

pytestmark = pytest.mark.live

UNSENDABLE = {444, 460, 494, 495, 496, 497, 499}
# What issue 14 asks to see on the wire, code by code.
REQUIRED = [
    (201, "Location"),
    (300, "Location"),
    (301, "Location"),
    (302, "Location"),
    (303, "Location"),
    (307, "Location"),
    (308, "Location"),
    (206, "Content-Range"),
    (304, "ETag"),
    (401, "WWW-Authenticate"),
    (405, "Allow"),
    (407, "Proxy-Authenticate"),
    (416, "Content-Range"),
    (426, "Upgrade"),
    (429, "Retry-After"),
    (503, "Retry-After"),
]
addresses = (f"127.0.{high}.{low}" for high, low in itertools.product(range(1, 250), range(1, 250)))


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


@pytest.fixture
def address():
    return next(addresses)


@pytest.fixture
def http(address):
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(address))
    yield session
    session.close()


@pytest.fixture(scope="module")
def codes(live_url):
    return [entry["code"] for entry in requests.get(f"{live_url}/api/codes/", timeout=10).json()["codes"]]


def curl(address, *args):
    """Status line and header fields (lower-cased names) of the last answer, as curl prints them with -i."""
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    result = subprocess.run(
        ["curl", "-s", "-i", "--interface", address, "--max-time", "20", *args],
        capture_output=True,
        timeout=30,
        check=True,
    )
    head, _, body = result.stdout.partition(b"\r\n\r\n")
    while body.startswith(b"HTTP/"):  # -L prints every answer of the chain
        head, _, body = body.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields.setdefault(name.strip().lower(), []).append(value.strip())
    return int(lines[0].split()[1]), fields, body


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
def test_every_code_answers_with_itself_and_honest_framing(http, live_url, codes, method):
    wrong = {}
    for code in codes:
        if code < 200 or code in UNSENDABLE:
            continue
        response = http.request(method, f"{live_url}/try/{code}/", allow_redirects=False, timeout=10)
        headers = response.headers
        if response.status_code != code:
            wrong[code] = f"answered {response.status_code}"
        elif code in {204, 304} and "Content-Length" in headers:
            wrong[code] = "Content-Length on a response that may not carry one"
        elif (code in {204, 205, 304}) == ("Content-Type" in headers):
            wrong[code] = f"Content-Type {headers.get('Content-Type')!r}"
        elif not headers.get("Cache-Control") or not headers.get("RateLimit"):
            wrong[code] = "no Cache-Control or RateLimit"
    assert wrong == {}


@pytest.mark.parametrize("code", [100, 101, 102, 103, 444, 499])
def test_codes_no_server_can_send_answer_400_saying_why(http, live_url, code):
    response = http.get(f"{live_url}/try/{code}/", timeout=10)
    assert response.status_code == 400 and "can't be sent from here" in response.text.replace("&#x27;", "'")


def test_content_over_the_bound_is_413_even_when_sent_chunked(http, live_url):
    chunks = (b"x" * 1000 for _ in range(5))  # a generator: requests sends it chunked, without Content-Length
    response = http.post(f"{live_url}/try/200/", data=chunks, timeout=10)
    assert response.status_code == 413


@pytest.mark.parametrize("code, field", REQUIRED)
def test_requests_receives_the_field_each_code_needs(http, live_url, code, field):
    response = http.get(f"{live_url}/try/{code}/", allow_redirects=False, timeout=10)
    assert response.status_code == code and response.headers.get(field), response.headers


@pytest.mark.parametrize("code, field", REQUIRED)
def test_curl_receives_the_field_each_code_needs(address, live_url, code, field):
    status, fields, _ = curl(address, f"{live_url}/try/{code}/")
    assert status == code and fields.get(field.lower()), fields


def test_426_and_407_values_arrive_intact(address, live_url):
    _, fields, _ = curl(address, f"{live_url}/try/426/")
    assert fields["upgrade"] == ["HTTP/3.0"]
    _, fields, _ = curl(address, f"{live_url}/try/407/")
    assert fields["proxy-authenticate"] == ['Basic realm="playground proxy"']


def test_426_names_upgrade_as_a_connection_option(address, live_url):
    """RFC 9110 §7.8: a sender of Upgrade also sends the upgrade connection option."""
    _, fields, _ = curl(address, f"{live_url}/try/426/")
    options = [option.strip().lower() for value in fields.get("connection", []) for option in value.split(",")]
    assert "upgrade" in options


@pytest.mark.parametrize("code", [204, 304])
def test_no_content_length_on_204_or_304(address, live_url, code):
    status, fields, body = curl(address, f"{live_url}/try/{code}/")
    assert status == code and "content-length" not in fields and body == b""


def test_no_content_length_on_a_revalidated_page(address, live_url):
    _, fields, _ = curl(address, f"{live_url}/codes/308/")
    status, fields, _ = curl(address, "-H", f"If-None-Match: {fields['etag'][0]}", f"{live_url}/codes/308/")
    assert status == 304 and "content-length" not in fields


def test_the_interim_100_continue_has_no_content_length(address, live_url):
    host, port = urlsplit(live_url).hostname, urlsplit(live_url).port
    with socket.create_connection((host, port), timeout=10, source_address=(address, 0)) as connection:
        connection.sendall(
            f"POST /try/200/ HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 3\r\nExpect: 100-continue\r\n\r\n".encode()
        )
        interim = connection.recv(4096).decode("latin-1")
        connection.sendall(b"a=1")
        final = b""
        while b"\r\n\r\n" not in final:
            final += connection.recv(65536)
    assert interim.startswith("HTTP/1.1 100 Continue\r\n")
    assert "content-length" not in interim.split("\r\n\r\n")[0].lower()
    assert final.startswith(b"HTTP/1.1 200 ") or interim.split("\r\n\r\n", 1)[1].startswith("HTTP/1.1 200 ")


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_allow_on_405_never_lists_the_method_that_got_it(http, live_url, method):
    response = http.request(method, f"{live_url}/try/405/", timeout=10)
    allowed = [name.strip() for name in response.headers["Allow"].split(",")]
    assert response.status_code == 405 and allowed and method not in allowed


@pytest.mark.parametrize("code", [200, 404, 418, 503])
def test_head_has_no_body_and_a_content_length_only_if_it_is_the_gets(http, live_url, code):
    # Uncompressed: Django pads gzip output with random bytes (BREACH), so no two gzipped lengths agree.
    identity = {"Accept-Encoding": "identity"}
    get = http.get(f"{live_url}/try/{code}/", headers=identity, timeout=10)
    head = http.head(f"{live_url}/try/{code}/", headers=identity, timeout=10)
    assert head.status_code == code and head.content == b""
    assert head.headers.get("Content-Length") in {None, get.headers.get("Content-Length")}


@pytest.mark.parametrize(
    "path",
    [
        "/try/²⁰⁰/",
        "/try/200/?sleep=²",
        "/try/200/?sleep=①",
        "/try/200/?sleep=",
        "/try/200/?sleep=-1",
        "/try/200/?sleep=" + "9" * 5000,
        "/try/200/?sleep=10001",
        "/try/random/²⁰⁰/",
        "/try/random//",
        "/try/random/" + ",".join(["200"] * 60) + "/",
        "/try/random/999999999999999999999/",
        "/try/random/200*-1/",
        "/try/302/?to=//evil.example/",
        "/try/302/?to=" + quote("/\\evil.example"),
        "/try/302/?to=https://evil.example/",
        "/try/200/?suppressBody=maybe",
        "/lab/redirects/chain/999/",
        "/try/99999/",
    ],
)
def test_bad_input_answers_4xx_never_5xx(http, live_url, path):
    response = http.get(f"{live_url}{path}", allow_redirects=False, timeout=10)
    assert 400 <= response.status_code < 500, (path, response.status_code)


def test_sleep_delays_and_a_value_over_the_cap_answers_400_at_once(http, live_url):
    started = time.monotonic()
    assert http.get(f"{live_url}/try/200/?sleep=1000", timeout=10).status_code == 200
    assert time.monotonic() - started >= 1.0
    started = time.monotonic()
    assert http.get(f"{live_url}/try/200/?sleep=10001", timeout=10).status_code == 400
    assert time.monotonic() - started < 1.0


def test_sleeping_requests_are_held_together_and_pages_keep_answering(live_url):
    """100 requests sleeping 2 s end in about 2 s together, not one after another."""

    def sleeper(index):
        session = requests.Session()
        session.mount("http://", SourceAddressAdapter(f"127.1.{index // 200}.{index % 200 + 1}"))
        return session.get(f"{live_url}/try/204/?sleep=2000", timeout=30).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=100) as pool:
        sleeping = pool.map(sleeper, range(100))
        time.sleep(0.5)
        page_started = time.monotonic()
        assert requests.get(f"{live_url}/codes/301/", timeout=10).status_code == 200
        page_seconds = time.monotonic() - page_started
        statuses = list(sleeping)
    assert statuses == [204] * 100
    assert time.monotonic() - started < 8 and page_seconds < 1.5


def test_json_plain_and_html_by_accept(http, live_url):
    body = http.get(f"{live_url}/try/503/", headers={"Accept": "application/json"}, timeout=10).json()
    assert body["code"] == 503 and body["reason"] == "Service Unavailable" and body["description"]
    assert http.get(f"{live_url}/try/503/", timeout=10).text.startswith("503 Service Unavailable")
    assert (
        "<h1>503 Service Unavailable</h1>"
        in http.get(f"{live_url}/try/503/", headers={"Accept": "text/html"}, timeout=10).text
    )


def test_callers_response_headers_arrive_and_denied_ones_are_refused(http, live_url):
    response = http.get(
        f"{live_url}/try/503/",
        headers={
            "X-HttpStatus-Response-Retry-After": "120",
            "X-HttpStatus-Response-X-Request-Id": "abc-123",
        },
        timeout=10,
    )
    assert response.headers["Retry-After"] == "120" and response.headers["X-Request-Id"] == "abc-123"
    refused = http.get(f"{live_url}/try/200/", headers={"X-HttpStatus-Response-Set-Cookie": "a=1"}, timeout=10)
    assert refused.status_code == 400 and "Set-Cookie" not in refused.headers


def test_redirect_to_a_chosen_path_and_a_post_kept_through_307(address, http, live_url):
    response = http.get(f"{live_url}/try/301/?to=/codes/301/", allow_redirects=False, timeout=10)
    assert response.status_code == 301 and response.headers["Location"] == "/codes/301/"
    status, _, body = curl(
        address, "-L", "-d", "message=kept", f"{live_url}/try/307/?to=/lab/redirects/arrived/%3Fvia%3D307"
    )
    assert status == 200 and b'<dd id="arrived-method">POST</dd>' in body and b"message=kept" in body


def test_cors_preflight_and_exposed_headers(http, live_url):
    preflight = http.options(
        f"{live_url}/try/503/",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "DELETE",
            "Access-Control-Request-Headers": "x-httpstatus-response-retry-after",
        },
        timeout=10,
    )
    assert (
        preflight.headers["Access-Control-Allow-Origin"] == "*"
        and "DELETE" in preflight.headers["Access-Control-Allow-Methods"]
    )
    answer = http.delete(f"{live_url}/try/503/", headers={"Origin": "https://app.example"}, timeout=10)
    assert (
        answer.headers["Access-Control-Allow-Origin"] == "*" and "*" in answer.headers["Access-Control-Expose-Headers"]
    )


@pytest.fixture(scope="module")
def limited_url(tmp_path_factory):
    """A stack with the site's default budget (the shared one lifts it for the suite's sake)."""
    stack = start_stack(tmp_path_factory.mktemp("limited"), {"PLAYGROUND_RATE_LIMIT": "300"})
    yield stack.url
    stop_stack(stack)


def test_the_rate_limit_answers_429_with_retry_after_once_the_budget_is_spent(http, limited_url):
    live_url = limited_url
    first = http.get(f"{live_url}/try/204/", timeout=10)
    budget = int(first.headers["RateLimit-Policy"].split("q=")[1].split(";")[0])
    statuses = [http.get(f"{live_url}/try/204/", timeout=10).status_code for _ in range(budget - 1)]
    refused = http.get(
        f"{live_url}/try/204/", headers={"Accept": "application/json", "Origin": "https://app.example"}, timeout=10
    )
    assert statuses == [204] * (budget - 1)
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert budget == 300
    assert refused.headers["Access-Control-Allow-Origin"] == "*" and refused.json()["limit"] == budget
    assert requests.get(f"{live_url}/try/204/", timeout=10).status_code == 204  # another address is unaffected
