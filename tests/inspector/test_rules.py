"""Each required, forbidden and syntax rule fires on a response that breaks it, and not on one that keeps it."""

import pytest

from inspector.report import inspect

pytestmark = pytest.mark.django_db

DATE = "Date: Mon, 01 Jan 2024 00:00:00 GMT"


def text(status_line, *fields, body=""):
    return "\r\n".join([status_line, DATE, *fields]) + "\r\n\r\n" + body


def findings(raw, method=None):
    return [(p.level, p.field, p.spec.url) for p in inspect(raw, method=method).problems]


def spec(document, section):
    return f"https://www.rfc-editor.org/rfc/rfc{document}#section-{section}"


# (id, broken response, good response, level, field, spec)
RULES = [
    (
        "location-on-301",
        text("HTTP/1.1 301 Moved Permanently"),
        text("HTTP/1.1 301 Moved Permanently", "Location: /new"),
        "error",
        "Location",
        spec(9110, "15.4.2"),
    ),
    (
        "location-on-303",
        text("HTTP/1.1 303 See Other"),
        text("HTTP/1.1 303 See Other", "Location: /r"),
        "error",
        "Location",
        spec(9110, "15.4.4"),
    ),
    (
        "location-on-308",
        text("HTTP/1.1 308 Permanent Redirect"),
        text("HTTP/1.1 308 Permanent Redirect", "Location: /n"),
        "error",
        "Location",
        spec(9110, "15.4.9"),
    ),
    (
        "location-on-201-is-a-note",
        text("HTTP/1.1 201 Created"),
        text("HTTP/1.1 201 Created", "Location: /o/1"),
        "info",
        "Location",
        spec(9110, "15.3.2"),
    ),
    (
        "www-authenticate-on-401",
        text("HTTP/1.1 401 Unauthorized"),
        text("HTTP/1.1 401 Unauthorized", 'WWW-Authenticate: Bearer realm="api"'),
        "error",
        "WWW-Authenticate",
        spec(9110, "15.5.2"),
    ),
    (
        "proxy-authenticate-on-407",
        text("HTTP/1.1 407 Proxy Authentication Required"),
        text("HTTP/1.1 407 Proxy Authentication Required", 'Proxy-Authenticate: Basic realm="p"'),
        "error",
        "Proxy-Authenticate",
        spec(9110, "15.5.8"),
    ),
    (
        "allow-on-405",
        text("HTTP/1.1 405 Method Not Allowed"),
        text("HTTP/1.1 405 Method Not Allowed", "Allow: GET, HEAD"),
        "error",
        "Allow",
        spec(9110, "15.5.6"),
    ),
    (
        "retry-after-syntax",
        text("HTTP/1.1 503 Service Unavailable", "Retry-After: soon"),
        text("HTTP/1.1 503 Service Unavailable", "Retry-After: 120"),
        "error",
        "Retry-After",
        spec(9110, "10.2.3"),
    ),
    (
        "content-range-on-206",
        text("HTTP/1.1 206 Partial Content", "Content-Type: text/plain", body="abc"),
        text("HTTP/1.1 206 Partial Content", "Content-Type: text/plain", "Content-Range: bytes 0-2/10", body="abc"),
        "error",
        "Content-Range",
        spec(9110, "15.3.7"),
    ),
    (
        "content-range-on-416",
        text("HTTP/1.1 416 Range Not Satisfiable"),
        text("HTTP/1.1 416 Range Not Satisfiable", "Content-Range: bytes */10"),
        "warning",
        "Content-Range",
        spec(9110, "15.5.17"),
    ),
    (
        "no-content-length-on-204",
        text("HTTP/1.1 204 No Content", "Content-Length: 0"),
        text("HTTP/1.1 204 No Content"),
        "error",
        "Content-Length",
        spec(9110, "8.6"),
    ),
    (
        "no-content-length-on-1xx",
        "HTTP/1.1 103 Early Hints\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 103 Early Hints\r\n\r\n",
        "error",
        "Content-Length",
        spec(9110, "8.6"),
    ),
    (
        "no-content-on-204",
        text("HTTP/1.1 204 No Content", body="oops"),
        text("HTTP/1.1 204 No Content"),
        "error",
        None,
        spec(9110, "15.3.5"),
    ),
    (
        "no-content-on-304",
        text("HTTP/1.1 304 Not Modified", 'ETag: "a"', body="<html>"),
        text("HTTP/1.1 304 Not Modified", 'ETag: "a"'),
        "error",
        None,
        spec(9110, "15.4.5"),
    ),
    (
        "conflicting-content-length",
        text("HTTP/1.1 200 OK", "Content-Length: 3", "Content-Length: 4"),
        text("HTTP/1.1 200 OK", "Content-Length: 3"),
        "error",
        "Content-Length",
        spec(9112, "6.3"),
    ),
    (
        "transfer-encoding-with-content-length",
        text("HTTP/1.1 200 OK", "Transfer-Encoding: chunked", "Content-Length: 3"),
        text("HTTP/1.1 200 OK", "Transfer-Encoding: chunked"),
        "error",
        "Transfer-Encoding",
        spec(9112, "6.2"),
    ),
    (
        "invalid-etag",
        text("HTTP/1.1 200 OK", "ETag: v1"),
        text("HTTP/1.1 200 OK", 'ETag: W/"v1"'),
        "error",
        "ETag",
        spec(9110, "8.8.3"),
    ),
    (
        "invalid-date",
        "HTTP/1.1 200 OK\r\nDate: yesterday\r\n\r\n",
        text("HTTP/1.1 200 OK"),
        "error",
        "Date",
        spec(9110, "5.6.7"),
    ),
    (
        "obsolete-date-format",
        "HTTP/1.1 200 OK\r\nDate: Monday, 01-Jan-24 00:00:00 GMT\r\n\r\n",
        text("HTTP/1.1 200 OK"),
        "warning",
        "Date",
        spec(9110, "5.6.7"),
    ),
    (
        "invalid-expires",
        text("HTTP/1.1 200 OK", "Expires: -1"),
        text("HTTP/1.1 200 OK", "Expires: Mon, 01 Jan 2024 00:00:00 GMT"),
        "error",
        "Expires",
        spec(9110, "5.6.7"),
    ),
    (
        "invalid-last-modified",
        text("HTTP/1.1 200 OK", "Last-Modified: 2024-01-01"),
        text("HTTP/1.1 200 OK", "Last-Modified: Sun, 31 Dec 2023 00:00:00 GMT"),
        "error",
        "Last-Modified",
        spec(9110, "5.6.7"),
    ),
    (
        "last-modified-after-date",
        text("HTTP/1.1 200 OK", "Last-Modified: Tue, 02 Jan 2024 00:00:00 GMT"),
        text("HTTP/1.1 200 OK", "Last-Modified: Sun, 31 Dec 2023 00:00:00 GMT"),
        "error",
        "Last-Modified",
        spec(9110, "8.8.2.1"),
    ),
    (
        "unknown-cache-control-directive",
        text("HTTP/1.1 200 OK", "Cache-Control: max-age=60, cache-forever"),
        text("HTTP/1.1 200 OK", "Cache-Control: max-age=60, immutable"),
        "warning",
        "Cache-Control",
        spec(9111, "5.2.3"),
    ),
    (
        "max-age-needs-seconds",
        text("HTTP/1.1 200 OK", "Cache-Control: max-age=1h"),
        text("HTTP/1.1 200 OK", "Cache-Control: max-age=3600"),
        "error",
        "Cache-Control",
        spec(9111, "5.2.2.1"),
    ),
    (
        "date-required-on-2xx",
        "HTTP/1.1 200 OK\r\n\r\n",
        text("HTTP/1.1 200 OK"),
        "warning",
        "Date",
        spec(9110, "6.6.1"),
    ),
]


@pytest.mark.parametrize(
    "broken, good, level, field, url", [rule[1:] for rule in RULES], ids=[rule[0] for rule in RULES]
)
def test_rule_fires_on_the_broken_response_only(broken, good, level, field, url):
    assert (level, field, url) in findings(broken)
    assert (level, field, url) not in findings(good)


def test_content_on_a_head_response_is_an_error():
    raw = text("HTTP/1.1 200 OK", "Content-Type: text/plain", body="hello")
    assert ("error", None, spec(9110, "9.3.2")) in findings(raw, method="HEAD")
    assert ("error", None, spec(9110, "9.3.2")) not in findings(raw, method="GET")


def test_a_clean_response_has_no_errors_or_warnings():
    raw = text(
        "HTTP/1.1 200 OK",
        "Content-Type: text/html",
        "Cache-Control: max-age=60",
        'ETag: "x"',
        "Content-Length: 2",
        body="hi",
    )
    assert [f for f in findings(raw) if f[0] != "info"] == []


def test_security_notes_are_short_and_cite_their_specs():
    raw = text(
        "HTTP/1.1 200 OK",
        "Content-Type: text/html",
        "Strict-Transport-Security: max-age=31536000; includeSubDomains",
        "Content-Security-Policy: script-src 'self' 'unsafe-inline'",
        "X-Content-Type-Options: sniff",
    )
    notes = {note.field: note for note in inspect(raw).security}
    assert "31536000 s" in notes["Strict-Transport-Security"].message
    assert notes["Strict-Transport-Security"].spec.url == spec(6797, "6.1")
    assert (
        notes["Content-Security-Policy"].level == "warning"
        and "'unsafe-inline'" in notes["Content-Security-Policy"].message
    )
    assert notes["X-Content-Type-Options"].level == "warning"
    assert all(len(note.message) < 160 for note in notes.values())
    missing = inspect(text("HTTP/1.1 200 OK", "Strict-Transport-Security: includeSubDomains")).security
    assert any(note.level == "error" and note.spec.url == spec(6797, "6.1.1") for note in missing)


@pytest.mark.parametrize(
    "code, request_method, follow_up",
    [
        (301, "POST", "GET or POST"),
        (302, "POST", "GET or POST"),
        (303, "POST", "GET (or HEAD)"),
        (307, "POST", "POST, unchanged"),
        (308, "POST", "POST, unchanged"),
        (308, "GET", "GET"),
    ],
)
def test_redirect_follow_ups_come_from_the_codes_redirect_fact(code, request_method, follow_up):
    inspection = inspect(text(f"HTTP/1.1 {code} Redirect", "Location: /next"))
    rows = {row.request_method: row for row in inspection.redirects}
    assert rows[request_method].follow_up.startswith(follow_up)
    assert rows[request_method].source_url == inspection.code.spec_url


def test_redirect_sources_are_a_seam_measured_data_can_take_over(monkeypatch):
    from inspector import redirects

    measured = redirects.RedirectOutcome("Firefox 140", "POST", "GET", "dropped", "lab measurement", "/lab/redirects/")
    monkeypatch.setattr(
        redirects,
        "REDIRECT_SOURCES",
        [lambda code: [measured] if code.code == 302 else [], redirects.from_structured_facts],
    )
    assert inspect(text("HTTP/1.1 302 Found", "Location: /n")).redirects == [measured]
    assert inspect(text("HTTP/1.1 307 Temporary Redirect", "Location: /n")).redirects[1].follow_up == "POST, unchanged"


def test_non_redirects_have_no_redirect_rows():
    assert inspect(text("HTTP/1.1 200 OK")).redirects == []
