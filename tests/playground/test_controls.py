"""The caller's controls on /try/: sleep, random codes, Accept, response headers, redirects, CORS."""

import json
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from playground.controls import DENIED_RESPONSE_HEADERS, MAX_RESPONSE_HEADERS

pytestmark = pytest.mark.django_db


# Sleep ---------------------------------------------------------------------------------------


def test_sleep_delays_the_answer(client):
    started = time.monotonic()
    response = client.get("/try/200/", {"sleep": "300"})
    assert response.status_code == 200 and time.monotonic() - started >= 0.3


def test_sleep_header_delays_the_answer_as_on_httpstatus(client):
    started = time.monotonic()
    assert client.get("/try/504/", headers={"X-HttpStatus-Sleep": "200"}).status_code == 504
    assert time.monotonic() - started >= 0.2


@pytest.mark.parametrize("value", ["", "-1", "10001", "1.5", "1e3", "²", "①", "٣", "９", "9" * 5000, "abc", "0x10"])
def test_bad_sleep_values_answer_400_at_once(client, value):
    started = time.monotonic()
    response = client.get("/try/200/", {"sleep": value})
    assert response.status_code == 400 and time.monotonic() - started < 1
    assert "sleep" in response.content.decode()


def test_sleep_above_the_cap_says_what_the_cap_is(client):
    assert "capped at 10000 ms" in client.get("/try/200/?sleep=10001").content.decode()


def test_sleep_zero_and_the_cap_are_accepted(client):
    assert client.get("/try/200/?sleep=0").status_code == 200
    assert client.get("/try/200/?sleep=00010").status_code == 200


def test_a_bad_control_is_refused_before_any_sleep(client):
    started = time.monotonic()
    response = client.get("/try/200/?sleep=5000", headers={"X-HttpStatus-Response-Set-Cookie": "a=1"})
    assert response.status_code == 400 and time.monotonic() - started < 1


def test_sleep_given_twice_is_refused(client):
    assert client.get("/try/200/?sleep=1&sleep=2").status_code == 400


# Random codes --------------------------------------------------------------------------------


def test_random_answers_only_listed_codes_and_each_of_them(client, unlimited):
    seen = Counter(client.get("/try/random/200,503/").status_code for _ in range(100))
    assert set(seen) == {200, 503}


def test_random_weights_shift_the_draw(client, unlimited):
    seen = Counter(client.get("/try/random/200*9,503/").status_code for _ in range(400))
    # 503 has a tenth of the weight: about 40 of 400 draws; unweighted it would be about 200.
    assert set(seen) == {200, 503} and 10 <= seen[503] <= 90


def test_a_range_stands_for_the_producible_codes_in_it(client, unlimited):
    seen = {client.get("/try/random/500-504/").status_code for _ in range(150)}
    assert seen == {500, 501, 502, 503, 504}


def test_a_range_skips_codes_the_playground_cannot_send(client, unlimited):
    seen = {client.get("/try/random/440-449/").status_code for _ in range(60)}
    assert 444 not in seen and seen <= {440, 441, 442, 443, 445, 446, 447, 448, 449}


def test_random_applies_the_other_controls_to_the_drawn_code(client):
    response = client.get(
        "/try/random/503/", headers={"Accept": "application/json", "X-HttpStatus-Response-Retry-After": "7"}
    )
    assert response.status_code == 503 and response["Retry-After"] == "7" and response.json()["code"] == 503


@pytest.mark.parametrize(
    "spec, fragment",
    [
        ("", "1 to 50"),
        ("299", "299 is not a code"),
        ("100", "100 is not a code"),
        ("444", "444 is not a code"),
        ("504-500", "lower code to the higher"),
        ("000-099", "codes go from 100 to 599"),
        ("600", "codes go from 100 to 599"),
        ("200*0", "Weights go from 1 to 100"),
        ("200*101", "Weights go from 1 to 100"),
        ("200*99999999999999999999", "Weights go from 1 to 100"),
        (",".join(["200"] * 51), "1 to 50"),
        ("20", "is not a code"),
        ("²⁰⁰", "is not a code"),
        ("200,,503", "is not a code"),
        ("abc", "is not a code"),
        ("209-225", "holds no code"),
    ],
)
def test_bad_random_specs_answer_400_saying_what_is_wrong(client, spec, fragment):
    response = client.get(f"/try/random/{spec}/")
    assert response.status_code == 400
    assert fragment in response.content.decode().replace("&#x27;", "'")


def test_repeating_a_code_adds_to_its_weight(client, unlimited):
    seen = Counter(client.get("/try/random/200,200,200,200,200,200,200,200,200,503/").status_code for _ in range(400))
    assert 10 <= seen[503] <= 90


# Body by Accept ------------------------------------------------------------------------------


def test_plain_text_by_default(client):
    response = client.get("/try/503/")
    assert response["Content-Type"] == "text/plain; charset=utf-8" and "Accept" in response["Vary"].split(", ")
    assert response.content.decode().startswith("503 Service Unavailable\n")


def test_json_when_accept_prefers_it(client):
    response = client.get("/try/503/", headers={"Accept": "application/json"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert body["code"] == 503 and body["reason"] == "Service Unavailable"
    assert body["description"] and body["guide"] == "http://testserver/codes/503/"


def test_html_when_a_browser_asks(client):
    response = client.get("/try/404/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    html = response.content.decode()
    assert response.status_code == 404 and response["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>404 Not Found</h1>" in html and 'href="/codes/404/"' in html


def test_an_accept_that_cannot_be_met_gets_plain_text(client):
    response = client.get("/try/418/", headers={"Accept": "image/png"})
    assert response.status_code == 418 and response["Content-Type"].startswith("text/plain")


def test_errors_follow_accept_too(client):
    response = client.get("/try/200/?sleep=-5", headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.json()["code"] == 400 and "sleep" in response.json()["description"]


@pytest.mark.parametrize(
    "ask", [{"data": {"suppressBody": "true"}}, {"headers": {"X-HttpStatus-SuppressBody": "true"}}]
)
def test_suppress_body_sends_the_headers_alone(client, ask):
    response = client.get("/try/401/", **ask)
    assert response.status_code == 401 and response.content == b"" and response.has_header("WWW-Authenticate")


def test_suppress_body_takes_true_or_false(client):
    assert client.get("/try/200/?suppressBody=yes").status_code == 400
    assert client.get("/try/200/?suppressBody=false").content != b""


# Response headers ----------------------------------------------------------------------------


def test_prefixed_request_headers_become_response_headers(client):
    response = client.get(
        "/try/200/", headers={"X-HttpStatus-Response-X-Trace": "abc 123", "X-HttpStatus-Response-ETag": '"v2"'}
    )
    assert response["X-Trace"] == "abc 123" and response["ETag"] == '"v2"'


def test_a_callers_header_replaces_the_codes_default(client):
    assert client.get("/try/503/", headers={"X-HttpStatus-Response-Retry-After": "120"})["Retry-After"] == "120"


@pytest.mark.parametrize(
    "name",
    [name.replace("*", "Anything") for names in DENIED_RESPONSE_HEADERS.values() for name in names]
    + ["set-cookie", "ACCESS-CONTROL-ALLOW-ORIGIN"],
)
def test_denied_headers_are_refused_with_400(client, name):
    response = client.get("/try/200/", headers={f"X-HttpStatus-Response-{name}": "x"})
    assert response.status_code == 400 and "does not let callers set" in response.content.decode()
    assert not response.cookies


def test_too_many_response_headers_are_refused(client):
    headers = {f"X-HttpStatus-Response-X-N{i}": "1" for i in range(MAX_RESPONSE_HEADERS + 1)}
    assert client.get("/try/200/", headers=headers).status_code == 400
    del headers[f"X-HttpStatus-Response-X-N{MAX_RESPONSE_HEADERS}"]
    assert client.get("/try/200/", headers=headers).status_code == 200


@pytest.mark.parametrize("value", ["é", "a\x01b", "x" * 1025])
def test_header_values_must_be_short_printable_ascii(client, value):
    assert client.get("/try/200/", headers={"X-HttpStatus-Response-X-Test": value}).status_code == 400


# Redirects -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [201, 300, 301, 302, 303, 307, 308])
def test_to_sets_the_location_of_codes_that_carry_one(client, code):
    response = client.get(f"/try/{code}/", {"to": "/codes/308/?a=1#x"})
    assert response.status_code == code and response["Location"] == "/codes/308/?a=1#x"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        " /codes/",
        "/codes/ x",
        "/codes/\r\nSet-Cookie: a=1",
        "",
        "/é",
        "/" + "a" * 1024,
    ],
)
def test_to_refuses_anything_but_a_path_on_this_site(client, target):
    response = client.get("/try/302/", {"to": target})
    assert response.status_code == 400 and not response.has_header("Location")


def test_to_on_a_code_without_location_is_refused(client):
    response = client.get("/try/200/", {"to": "/codes/"})
    assert response.status_code == 400 and "sends none" in response.content.decode()


# CORS ----------------------------------------------------------------------------------------


def test_preflight_from_any_origin_allows_any_method_and_header(client):
    response = client.options(
        "/try/503/",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "x-httpstatus-response-retry-after",
        },
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "PUT" in response["Access-Control-Allow-Methods"]
    assert "*" in [name.strip() for name in response["Access-Control-Allow-Headers"].split(",")]
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_answers_expose_every_header_to_any_origin(client):
    response = client.delete("/try/429/", headers={"Origin": "https://app.example"})
    assert response.status_code == 429 and response["Access-Control-Allow-Origin"] == "*"
    assert "*" in response["Access-Control-Expose-Headers"]


def test_an_options_request_without_preflight_headers_gets_the_code(client):
    assert client.options("/try/204/").status_code == 204


# Nothing stored ------------------------------------------------------------------------------


def test_try_writes_nothing_and_sets_no_cookie(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/try/201/?to=/codes/201/", {"a": "1"}, headers={"X-HttpStatus-Response-X-A": "1"})
    assert response.status_code == 201 and not response.cookies
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries.captured_queries)


def test_refusals_in_html_name_their_own_status(client):
    html = client.post("/lab/redirects/307/", {"message": "x" * 5000}, headers={"Accept": "text/html"}).content.decode()
    assert "<h1>413 Content Too Large</h1>" in html and 'href="/codes/413/"' in html
