"""The pages and the JSON API: forms without JS, limits, CSRF, escaping, nothing stored or fetched, never a 500."""

import html
import json
import logging
import re
import socket

import jsonschema
import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from inspector.parsing import MAX_INPUT_BYTES

pytestmark = pytest.mark.django_db

RAW = (
    "HTTP/1.1 302 Found\r\nLocation: /next\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nCache-Control: max-age=60\r\n\r\n"
)
LOG = "\n".join(
    f'203.0.113.{i % 7} - - [10/Oct/2024:13:55:{i % 60:02d} +0000] "GET /slow/{i % 3} HTTP/1.1" {status} 0 "-" "curl/8"'
    for i, status in enumerate([200] * 40 + [499] * 8 + [502] * 2 + [304] * 10)
)


@pytest.fixture
def spec(client):
    document = client.get("/api/openapi.json").json()
    return lambda name: {"$ref": f"#/components/schemas/{name}", "components": document["components"]}


def test_inspect_page_is_a_form_that_works_without_javascript(client):
    html = client.get("/inspect/").content.decode()
    assert '<form method="post" action="/inspect/" enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html and '<textarea name="response"' in html
    response = client.post("/inspect/", {"response": RAW})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert '<a href="/codes/302/">Guide to 302 Found</a>' in html
    assert "POST, unchanged" not in html and "GET or POST" in html
    assert "Freshness lifetime 60 s, from max-age." in html


def test_navigation_links_to_the_inspector(client):
    assert '<a href="/inspect/" aria-current="page">Inspect</a>' in client.get("/inspect/").content.decode()
    assert '<a href="/inspect/">Inspect</a>' in client.get("/").content.decode()


def test_forms_need_their_csrf_token_but_the_api_does_not():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/inspect/", {"response": RAW}).status_code == 403
    assert client.post("/inspect/logs/", {"log": LOG}).status_code == 403
    assert client.post("/api/inspect/", RAW, content_type="text/plain").status_code == 200
    assert client.post("/api/inspect/logs/", LOG, content_type="text/plain").status_code == 200


def test_what_is_pasted_is_echoed_escaped(client):
    html = client.post(
        "/inspect/", {"response": "HTTP/1.1 200 OK\nX-Evil: <script>alert(1)</script>\n\n"}
    ).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.post("/inspect/", {"response": "<img src=x onerror=alert(1)>"}).content.decode()
    assert "<img src=x" not in html


def test_unparseable_input_is_a_400_with_the_reason_and_the_text_kept(client):
    response = client.post("/inspect/", {"response": "HTTP/1.1 200 OK\nbroken line\n"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Line 2 is not a header field" in html and "broken line\n</textarea>" in html
    api = client.post("/api/inspect/", "nonsense", content_type="text/plain")
    assert api.status_code == 400 and "neither a status line" in api.json()["error"]


def test_bad_options_are_400s(client):
    for query in ("now=tomorrow", "method=FETCH", "entry=①", "entry=-1"):
        response = client.post(f"/api/inspect/?{query}", RAW, content_type="text/plain")
        assert response.status_code == 400, query


def test_api_takes_form_fields_too_and_now_reproduces_the_age(client, spec):
    response = client.post("/api/inspect/", {"response": RAW, "now": "Mon, 01 Jan 2024 00:01:30 GMT", "method": "post"})
    data = response.json()
    jsonschema.validate(data, spec("Inspection"))
    assert data["method"] == "POST" and data["cache"]["shared"]["age"] == 90
    assert data["status"] == 302 and data["reason"] == "Found"
    problems = client.post("/api/inspect/", "HTTP/1.1 401 Unauthorized\r\n\r\n", content_type="text/plain").json()[
        "problems"
    ]
    assert {
        "level": "error",
        "field": "WWW-Authenticate",
        "spec": "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
    }.items() <= problems[0].items()


def test_api_answers_match_the_schema_for_every_input_shape(client, spec):
    har = json.dumps(
        {
            "log": {
                "entries": [
                    {"request": {"method": "GET", "url": "https://e/a"}, "response": {"status": 200, "headers": []}},
                    {"request": {"method": "GET", "url": "https://e/b"}, "response": {"status": 404, "headers": []}},
                ]
            }
        }
    )
    choose = client.post("/api/inspect/", har, content_type="text/plain")
    assert choose.status_code == 400 and [e["entry"] for e in choose.json()["entries"]] == [0, 1]
    for text, query in ((RAW, ""), (har, "?entry=1"), ("< HTTP/1.1 204 No Content\n< date: x\n", "")):
        response = client.post(f"/api/inspect/{query}", text, content_type="text/plain")
        assert response.status_code == 200, response.content
        jsonschema.validate(response.json(), spec("Inspection"))
    logs = client.post("/api/inspect/logs/", LOG, content_type="text/plain").json()
    jsonschema.validate(logs, spec("LogSummary"))


def test_api_refuses_other_content_types_and_methods(client):
    assert (
        client.post("/api/inspect/", json.dumps({"response": RAW}), content_type="application/json").status_code == 415
    )
    response = client.get("/api/inspect/")
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_inputs_over_256_kb_are_refused_with_413(client):
    big = "HTTP/1.1 200 OK\r\nX-Pad: " + "a" * MAX_INPUT_BYTES + "\r\n\r\n"
    api = client.post("/api/inspect/", big, content_type="text/plain")
    assert api.status_code == 413 and "256 KB" in api.json()["error"]
    page = client.post("/inspect/", {"response": big})
    assert page.status_code == 413 and "256 KB" in page.content.decode()
    assert client.post("/api/inspect/logs/", "x" * (5 * MAX_INPUT_BYTES), content_type="text/plain").status_code == 413


def test_more_than_5000_log_lines_are_refused(client):
    lines = "\n".join(['1.2.3.4 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 1'] * 5001)
    response = client.post("/api/inspect/logs/", lines, content_type="text/plain")
    assert response.status_code == 413 and "At most 5,000 lines at a time; this has 5,001." in response.json()["error"]
    assert client.post("/api/inspect/logs/", lines.rsplit("\n", 1)[0], content_type="text/plain").status_code == 200


def test_rate_limit_per_address_answers_429_with_retry_after(client, settings):
    settings.INSPECTOR_RATE_LIMIT = (3, 60)
    for _ in range(3):
        assert (
            client.post("/api/inspect/", RAW, content_type="text/plain", REMOTE_ADDR="198.51.100.7").status_code == 200
        )
    limited = client.post("/api/inspect/", RAW, content_type="text/plain", REMOTE_ADDR="198.51.100.7")
    assert limited.status_code == 429 and 1 <= int(limited["Retry-After"]) <= 60
    page = client.post("/inspect/logs/", {"log": LOG}, REMOTE_ADDR="198.51.100.7")
    assert page.status_code == 429 and "Too many inspections" in page.content.decode()
    assert 1 <= int(page["Retry-After"]) <= 60
    assert client.post("/api/inspect/", RAW, content_type="text/plain", REMOTE_ADDR="198.51.100.8").status_code == 200


def test_inputs_are_never_logged(client, caplog):
    secret = "X-Secret-Token: do-not-log-me-4711"
    with caplog.at_level(logging.DEBUG):
        client.post("/api/inspect/", f"HTTP/1.1 200 OK\n{secret}\n\n", content_type="text/plain")
        client.post("/api/inspect/", f"garbage {secret}", content_type="text/plain")
        client.post("/inspect/logs/", {"log": f"nothing {secret}"})
    assert "do-not-log-me-4711" not in caplog.text


def test_urls_in_the_input_are_never_fetched(client):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.3)
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    har = json.dumps(
        {
            "log": {
                "entries": [
                    {
                        "request": {"method": "GET", "url": target},
                        "response": {"status": 301, "headers": [{"name": "Location", "value": target}]},
                    }
                ]
            }
        }
    )
    client.post(
        "/api/inspect/",
        f"HTTP/1.1 301 Moved\r\nLocation: {target}\r\nLink: <{target}>; rel=preload\r\n\r\n",
        content_type="text/plain",
    )
    client.post("/api/inspect/", har, content_type="text/plain")
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()


def test_logs_page_shows_counts_chart_and_findings_without_inline_style(client):
    response = client.post("/inspect/logs/", {"log": LOG})
    html = response.content.decode()
    assert response.status_code == 200 and "60 requests, read as nginx / Apache combined" in html
    assert '<svg class="log-chart"' in html and 'class="bar bar-4xx"' in html
    assert " style=" not in html and "<style" not in html
    assert '<a href="/codes/499/">499 guide</a>' in html and "502 guide" in html
    assert "/slow/" in html


def test_log_format_can_be_chosen_and_wrong_choice_says_so(client):
    response = client.post("/api/inspect/logs/?format=cloudflare", LOG, content_type="text/plain")
    assert response.status_code == 400 and "Cloudflare" in response.json()["error"]


@pytest.mark.parametrize(
    "path, data",
    [
        ("/inspect/", None),
        ("/inspect/logs/", None),
        ("/inspect/", {"response": RAW}),
        ("/inspect/logs/", {"log": LOG}),
    ],
)
def test_inspector_pages_have_canonical_strict_csp_and_no_inline_code(client, path, data):
    response = client.post(path, data) if data else client.get(path)
    html = response.content.decode()
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    assert "<style" not in html and " style=" not in html
    assert ('<meta name="robots" content="noindex">' in html) is bool(data)


FUZZ = hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HTTPISH = st.lists(
    st.sampled_from(
        [
            "HTTP/1.1 200 OK",
            "HTTP/2 304",
            "< HTTP/1.1 301 Moved",
            "> GET / HTTP/1.1",
            "* note",
            "Status Code: 206",
            "Cache-Control: max-age=①",
            'Cache-Control: no-cache="',
            "Date: Mon, 01 Jan 2024 00:00:00 GMT",
            "Age: ²",
            "Expires: 0",
            "ETag: W/",
            "Content-Length: 1, 2",
            "Transfer-Encoding: gzip",
            "Vary: *",
            "Retry-After: ١٢",
            "Content-Range: bytes 9-1/5",
            "Location: ",
            "",
            ":status: 999",
            "{",
            '{"log": {"entries": [{}]}}',
        ]
    ),
    max_size=12,
).map("\r\n".join)


@FUZZ
@given(text=st.one_of(st.text(max_size=300), HTTPISH), now=st.text(max_size=40), entry=st.text(max_size=4))
def test_fuzzed_inspect_api_never_answers_500(client, settings, text, now, entry):
    settings.INSPECTOR_RATE_LIMIT = (10**6, 60)
    response = client.post(
        "/api/inspect/", {"response": text, "now": now, "entry": entry, "method": "GET"}, REMOTE_ADDR="192.0.2.200"
    )
    assert response.status_code in (200, 400), response.content


LOGGISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                '1.2.3.4 - - [10/Oct/2024:13:55:36 +0000] "POST /x HTTP/1.1" 302 0 "-" "a"',
                '1.2.3.4 - - [99/Foo/2024:13:55:36 +0000] "\\x16\\x03" 400 0 "-" "-"',
                'h2 2024-10-10T13:55:36.1Z app/lb 1.2.3.4:5 - -1 -1 -1 460 - 0 0 "GET https://e:443/a HTTP/2.0" "ua" - -',
                '{"EdgeResponseStatus": 499, "ClientRequestURI": "/①", "EdgeStartTimestamp": 1e300}',
                '{"EdgeResponseStatus": true}',
                "",
                "garbage ²",
            ]
        ),
        st.text(max_size=80),
    ),
    max_size=15,
).map("\n".join)


@FUZZ
@given(log=LOGGISH, log_format=st.sampled_from(["", "combined", "alb", "cloudflare", "x"]))
def test_fuzzed_logs_api_never_answers_500(client, settings, log, log_format):
    settings.INSPECTOR_RATE_LIMIT = (10**6, 60)
    response = client.post("/api/inspect/logs/", {"log": log, "format": log_format}, REMOTE_ADDR="192.0.2.201")
    assert response.status_code in (200, 400), response.content


def test_a_har_with_several_entries_is_chosen_from_a_list_without_javascript(client):
    har = json.dumps(
        {
            "log": {
                "entries": [
                    {"request": {"method": "GET", "url": "https://e/page"}, "response": {"status": 200, "headers": []}},
                    {
                        "request": {"method": "POST", "url": "https://e/login"},
                        "response": {"status": 302, "headers": [{"name": "Location", "value": "/home"}]},
                    },
                ]
            }
        }
    )
    choose = client.post("/inspect/", {"response": har}).content.decode()
    assert "Choose a HAR entry" in choose and 'name="entry" value="1"' in choose and "https://e/login" in choose
    hidden = re.search(r'<input type="hidden" name="response" value="([^"]*)">', choose).group(1)
    result = client.post("/inspect/", {"response": html.unescape(hidden), "entry": "1"}).content.decode()
    assert "302 Found" in result and "request method POST" in result and "<code>/home</code>" in result
