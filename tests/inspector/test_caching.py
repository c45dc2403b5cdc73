"""RFC 9111 cases, each written from the section its id cites, checked through inspect()."""

from datetime import UTC, datetime

import pytest

from inspector.report import inspect

pytestmark = pytest.mark.django_db

DATE = "Mon, 01 Jan 2024 00:00:00 GMT"
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def response(status_line, *fields):
    return "\r\n".join([status_line, *fields]) + "\r\n\r\n"


# (id citing the section, response, now offset in seconds, expected shared, expected private)
# each expectation: (storable, freshness_lifetime, heuristic, age, fresh)
CASES = [
    (
        "4.2.1-max-age-gives-the-lifetime",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=600"),
        0,
        (True, 600, False, 0, True),
        (True, 600, False, 0, True),
    ),
    (
        "4.2.1-s-maxage-wins-in-shared-caches-only",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=600, s-maxage=60"),
        0,
        (True, 60, False, 0, True),
        (True, 600, False, 0, True),
    ),
    (
        "4.2.1-expires-minus-date",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Expires: Mon, 01 Jan 2024 01:00:00 GMT"),
        0,
        (True, 3600, False, 0, True),
        (True, 3600, False, 0, True),
    ),
    (
        "4.2.1-expires-without-date-counts-from-receipt",
        response("HTTP/1.1 200 OK", "Expires: Mon, 01 Jan 2024 00:10:00 GMT"),
        0,
        (True, 600, False, 0, True),
        (True, 600, False, 0, True),
    ),
    (
        "4.2.1-max-age-overrides-expires",
        response(
            "HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=5", "Expires: Tue, 02 Jan 2024 00:00:00 GMT"
        ),
        0,
        (True, 5, False, 0, True),
        (True, 5, False, 0, True),
    ),
    (
        "5.3-invalid-expires-means-already-expired",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Expires: 0"),
        0,
        (True, 0, False, 0, False),
        (True, 0, False, 0, False),
    ),
    (
        "4.2.2-heuristic-is-10-percent-of-date-minus-last-modified",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Last-Modified: Sun, 31 Dec 2023 00:00:00 GMT"),
        0,
        (True, 8640, True, 0, True),
        (True, 8640, True, 0, True),
    ),
    (
        "4.2.2-public-allows-a-heuristic-for-a-non-heuristic-code",
        response(
            "HTTP/1.1 302 Found",
            "Location: /x",
            f"Date: {DATE}",
            "Cache-Control: public",
            "Last-Modified: Sun, 31 Dec 2023 00:00:00 GMT",
        ),
        0,
        (True, 8640, True, 0, True),
        (True, 8640, True, 0, True),
    ),
    (
        "4.2.2-heuristic-without-last-modified-has-no-lifetime",
        response("HTTP/1.1 404 Not Found", f"Date: {DATE}"),
        0,
        (True, None, True, 0, False),
        (True, None, True, 0, False),
    ),
    (
        "3-302-without-freshness-is-not-storable",
        response("HTTP/1.1 302 Found", "Location: /x", f"Date: {DATE}", "Last-Modified: Sun, 31 Dec 2023 00:00:00 GMT"),
        0,
        (False, None, False, 0, False),
        (False, None, False, 0, False),
    ),
    (
        "3-302-with-max-age-is-storable",
        response("HTTP/1.1 302 Found", "Location: /x", f"Date: {DATE}", "Cache-Control: max-age=60"),
        0,
        (True, 60, False, 0, True),
        (True, 60, False, 0, True),
    ),
    (
        "4.2.3-age-field-adds-to-the-current-age",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=100", "Age: 40"),
        30,
        (True, 100, False, 70, True),
        (True, 100, False, 70, True),
    ),
    (
        "4.2-stale-once-age-reaches-the-lifetime",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=100", "Age: 40"),
        60,
        (True, 100, False, 100, False),
        (True, 100, False, 100, False),
    ),
    (
        "5.2.2.7-private-is-for-the-private-cache-only",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: private, max-age=60"),
        0,
        (False, None, False, 0, False),
        (True, 60, False, 0, True),
    ),
    (
        "5.2.2.10-s-maxage-alone-is-ignored-by-a-private-cache",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: s-maxage=60"),
        0,
        (True, 60, False, 0, True),
        (True, None, True, 0, False),
    ),
    (
        "5.2.2.5-no-store-stores-nothing",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: no-store, max-age=60"),
        0,
        (False, None, False, 0, False),
        (False, None, False, 0, False),
    ),
    (
        "5.2.2.3-must-understand-overrides-no-store-for-a-known-code",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: must-understand, no-store, max-age=60"),
        0,
        (True, 60, False, 0, True),
        (True, 60, False, 0, True),
    ),
    (
        "4.2.1-invalid-max-age-is-treated-as-stale",
        response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=soon"),
        0,
        (True, 0, False, 0, False),
        (True, 0, False, 0, False),
    ),
    (
        "4.3.4-a-304-freshens-but-is-not-stored",
        response("HTTP/1.1 304 Not Modified", f"Date: {DATE}", "Cache-Control: max-age=60"),
        0,
        (False, None, False, 0, False),
        (False, None, False, 0, False),
    ),
    (
        "3-interim-responses-are-not-stored",
        response("HTTP/1.1 103 Early Hints", "Link: </s.css>; rel=preload"),
        0,
        (False, None, False, 0, False),
        (False, None, False, 0, False),
    ),
]


@pytest.mark.parametrize("text, offset, shared, private", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_rfc_9111_verdicts(text, offset, shared, private):
    now = datetime.fromtimestamp(NOW.timestamp() + offset, tz=UTC)
    cache = inspect(text, now=now).cache
    for verdict, expected in ((cache["shared"], shared), (cache["private"], private)):
        got = (verdict.storable, verdict.freshness_lifetime, verdict.heuristic, verdict.age, verdict.fresh)
        assert got == expected, verdict.label


def test_4_2_2_says_ten_percent_is_a_typical_choice_not_a_rule():
    text = response("HTTP/1.1 200 OK", f"Date: {DATE}", "Last-Modified: Sun, 31 Dec 2023 00:00:00 GMT")
    reasons = " ".join(note.message for note in inspect(text).cache["shared"].reasons)
    assert "10%" in reasons and "not a rule" in reasons


def test_now_defaults_to_the_date_field_so_answers_are_reproducible():
    text = response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=60", "Age: 10")
    verdict = inspect(text, request_time=datetime(2030, 1, 1, tzinfo=UTC)).cache["shared"]
    assert (verdict.age, verdict.fresh) == (10, True)


def test_without_date_now_defaults_to_the_time_of_the_request():
    text = response("HTTP/1.1 200 OK", "Cache-Control: max-age=60")
    inspection = inspect(text, request_time=NOW)
    assert inspection.now == NOW and inspection.cache["shared"].fresh


@pytest.mark.parametrize(
    "directive, shared_reuse, private_reuse",
    [
        ("no-cache, max-age=600", False, False),  # 5.2.2.4: validate before every reuse
        ("max-age=600", True, True),
        ('no-cache="Set-Cookie", max-age=600', True, True),  # 5.2.2.4 qualified: reuse without the field
    ],
    ids=["5.2.2.4-no-cache-needs-validation", "4.2-fresh-is-reused", "5.2.2.4-qualified-no-cache"],
)
def test_no_cache_decides_reuse_without_validation(directive, shared_reuse, private_reuse):
    cache = inspect(response("HTTP/1.1 200 OK", f"Date: {DATE}", f"Cache-Control: {directive}")).cache
    assert cache["shared"].reuse_without_validation is shared_reuse
    assert cache["private"].reuse_without_validation is private_reuse
    assert cache["shared"].fresh


def test_4_1_vary_star_never_matches_and_vary_names_the_fields():
    star = inspect(response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=600", "Vary: *")).cache[
        "shared"
    ]
    assert star.storable and not star.reuse_without_validation
    assert any("Vary: * never matches" in note.message for note in star.reuse)
    named = inspect(response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=600", "Vary: Accept-Encoding"))
    assert named.cache["shared"].reuse_without_validation
    assert any("Accept-Encoding" in note.message for note in named.cache["shared"].reuse)


@pytest.mark.parametrize(
    "directive, in_shared, in_private",
    [
        ("must-revalidate", True, True),  # 5.2.2.2
        ("proxy-revalidate", True, False),  # 5.2.2.8
        ("s-maxage=60", True, False),  # 5.2.2.10 implies proxy-revalidate
    ],
    ids=["5.2.2.2-must-revalidate", "5.2.2.8-proxy-revalidate", "5.2.2.10-s-maxage-implies-proxy-revalidate"],
)
def test_revalidation_directives_bind_the_caches_they_name(directive, in_shared, in_private):
    cache = inspect(response("HTTP/1.1 200 OK", f"Date: {DATE}", f"Cache-Control: max-age=60, {directive}")).cache
    strict = {kind: any("504" in note.message for note in verdict.reuse) for kind, verdict in cache.items()}
    assert strict == {"shared": in_shared, "private": in_private}


def test_3_5_authorization_in_a_har_request_keeps_shared_caches_out():
    har = (
        '{"log": {"entries": [{"startedDateTime": "2024-01-01T00:00:00Z", "request": {"method": "GET", '
        '"url": "https://api.example/me", "headers": [{"name": "Authorization", "value": "Bearer x"}]}, '
        '"response": {"status": 200, "statusText": "OK", "httpVersion": "h2", "bodySize": 10, '
        '"headers": [{"name": "cache-control", "value": "max-age=60"}]}}]}}'
    )
    cache = inspect(har).cache
    assert not cache["shared"].storable and cache["private"].storable
    public = har.replace("max-age=60", "public, max-age=60")
    assert inspect(public).cache["shared"].storable


def test_9_3_3_post_responses_need_explicit_freshness_and_content_location():
    plain = response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=60")
    assert not inspect(plain, method="POST").cache["shared"].storable
    located = response("HTTP/1.1 200 OK", f"Date: {DATE}", "Cache-Control: max-age=60", "Content-Location: /orders/1")
    assert inspect(located, method="POST").cache["shared"].storable
    assert not inspect(plain, method="PUT").cache["private"].storable
