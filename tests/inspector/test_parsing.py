"""The shapes people paste: curl -i and -v, Chromium and Firefox DevTools, HAR; and clear refusals."""

import json

import pytest

from inspector.parsing import HarEntryChoice, InspectError, parse_input

CURL_VERBOSE = """\
*   Trying 93.184.215.14:443...
* Connected to example.com (93.184.215.14) port 443
* ALPN: server accepted h2
> POST /orders HTTP/2
> Host: example.com
> User-Agent: curl/8.5.0
> Content-Type: application/json
>
{ [5 bytes data]
< HTTP/2 303
< location: /orders/17
< date: Mon, 01 Jan 2024 00:00:00 GMT
< content-length: 0
<
* Connection #0 to host example.com left intact
"""

CURL_INCLUDE_WITH_CONTINUE_AND_REDIRECT = (
    "HTTP/1.1 100 Continue\r\n\r\n"
    "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.com/\r\nContent-Length: 0\r\n\r\n"
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello"
)

CHROMIUM_HEADERS = """\
Request URL: https://example.com/app.js
Request Method: GET
Status Code: 200 OK
Remote Address: 93.184.215.14:443
Referrer Policy: strict-origin-when-cross-origin
cache-control: max-age=31536000, immutable
content-type: text/javascript
date: Mon, 01 Jan 2024 00:00:00 GMT
"""

CHROMIUM_NAME_THEN_VALUE = (
    "Status Code:\n404 Not Found\ncontent-type:\ntext/html\ndate:\nMon, 01 Jan 2024 00:00:00 GMT\n"
)

FIREFOX_RAW = (
    "HTTP/2 200 \ncontent-type: text/html; charset=utf-8\nvary: Accept-Encoding\ndate: Mon, 01 Jan 2024 00:00:00 GMT\n"
)


def har(*entries):
    return json.dumps({"log": {"version": "1.2", "entries": list(entries)}})


def har_entry(url, status, headers, method="GET", body_size=100):
    return {
        "startedDateTime": "2024-01-01T00:00:00.000Z",
        "request": {"method": method, "url": url, "headers": []},
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "h2",
            "bodySize": body_size,
            "headers": [{"name": n, "value": v} for n, v in headers],
        },
    }


def test_curl_verbose_keeps_the_response_lines_and_the_request_method():
    parsed = parse_input(CURL_VERBOSE)
    assert (parsed.status, parsed.http_version, parsed.method, parsed.input_format) == (303, "2", "POST", "curl -v")
    assert parsed.headers == [
        ("location", "/orders/17"),
        ("date", "Mon, 01 Jan 2024 00:00:00 GMT"),
        ("content-length", "0"),
    ]
    assert not parsed.body_present


def test_curl_include_skips_interim_and_earlier_redirect_responses():
    parsed = parse_input(CURL_INCLUDE_WITH_CONTINUE_AND_REDIRECT)
    assert parsed.status == 200 and parsed.body_present
    assert len(parsed.notes) == 2 and "301" in parsed.notes[1]


def test_chromium_headers_with_the_general_section():
    parsed = parse_input(CHROMIUM_HEADERS)
    assert (parsed.status, parsed.reason, parsed.method) == (200, "OK", "GET")
    assert parsed.first("Cache-Control") == "max-age=31536000, immutable"
    assert not parsed.has("Request URL")


def test_chromium_name_and_value_on_separate_lines():
    parsed = parse_input(CHROMIUM_NAME_THEN_VALUE)
    assert parsed.status == 404 and parsed.first("content-type") == "text/html"


def test_firefox_raw_headers_with_an_http2_status_line():
    parsed = parse_input(FIREFOX_RAW)
    assert (parsed.status, parsed.http_version) == (200, "2")
    assert parsed.values("Vary") == ["Accept-Encoding"]


def test_har_with_several_entries_asks_which_one_then_reads_it():
    text = har(
        har_entry("https://example.com/", 200, [("content-type", "text/html")]),
        har_entry("https://example.com/login", 302, [("location", "/")], method="POST", body_size=0),
    )
    with pytest.raises(HarEntryChoice) as choice:
        parse_input(text)
    assert [e["status"] for e in choice.value.entries] == [200, 302]
    parsed = parse_input(text, entry=1)
    assert (parsed.status, parsed.method, parsed.first("Location"), parsed.body_present) == (302, "POST", "/", False)
    assert parsed.received_at.isoformat() == "2024-01-01T00:00:00+00:00"


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Paste a response"),
        ("hello there", "neither a status line"),
        ("content-type: text/html\n", "No status line"),
        ("HTTP/1.1 200 OK\nnot a header\n\n", "Line 2 is not a header field"),
        ("HTTP/1.1 200 OK\nX-Snow: ☃\n\n", "characters HTTP/1.1 fields cannot carry"),
        ("HTTP/4.0 200 OK\n\n", "HTTP/4.0 is not an HTTP version"),
        ("{not json", "not valid JSON"),
        ('{"log": {}}', "not a HAR file"),
        (har(har_entry("https://e/", 0, [])), "status 0"),
        ("* Trying\n> GET / HTTP/1.1\n", "no '< HTTP/...' status line"),
        ("HTTP/1.1 2OO OK\n\n", "not a status line"),
        ("HTTP/1.1 000 Unknown\n\n", "000 is not a status code"),
        ("HTTP/1.1 200 OK\nX-Null: a\x00b\n\n", "h11: illegal header line"),
    ],
)
def test_what_cannot_be_parsed_says_why(text, message):
    with pytest.raises(InspectError, match=message):
        parse_input(text, entry=0 if text.startswith('{"log": {"version"') else None)


def test_har_entry_out_of_range():
    with pytest.raises(InspectError, match="There is no entry 5"):
        parse_input(har(har_entry("https://e/", 200, [])), entry=5)


def test_older_chromium_copies_with_pseudo_headers_and_no_space_after_the_colon():
    parsed = parse_input(":authority:example.com\n:status:301\nlocation:/new\ncache-control:max-age=60\n")
    assert (parsed.status, parsed.first("Location"), parsed.first("Cache-Control")) == (301, "/new", "max-age=60")
    assert not any(name.startswith(":") for name, _ in parsed.headers)
