"""The /try/ page and the page for test writers, and a fuzz of every control: never a 500."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from playground.controls import DENIED_RESPONSE_HEADERS
from playground.responses import HEADER_FIELDS, NOT_PRODUCIBLE

pytestmark = pytest.mark.django_db


def test_try_page_documents_every_control_with_curl(client):
    html = client.get("/try/").content.decode()
    for example in [
        'curl -i "http://testserver/try/200/?sleep=2500"',
        "curl -i http://testserver/try/random/200,201,500-504/",
        'curl -H "Accept: application/json" http://testserver/try/503/',
        'curl -i -H "X-HttpStatus-Response-Retry-After: 120" http://testserver/try/503/',
        'curl -i "http://testserver/try/307/?to=/codes/307/"',
        'curl -i -X OPTIONS -H "Origin: https://example.com"',
    ]:
        assert example.replace('"', "&quot;") in html or example in html, example


def test_try_page_lists_each_codes_header_fields_and_what_cannot_be_sent(client):
    html = client.get("/try/").content.decode()
    for code, fields in HEADER_FIELDS.items():
        for name, _, citation in fields:
            assert f"<code>{name}: " in html and f'href="{citation}"' in html, (code, name)
    assert html.count("can") and all(f'href="/codes/{code}/"' in html for code in NOT_PRODUCIBLE if code > 100)


def test_try_page_lists_the_refused_headers_with_reasons(client):
    html = client.get("/try/").content.decode()
    for why, names in DENIED_RESPONSE_HEADERS.items():
        assert why.replace("'", "&#x27;") in html and all(f"<code>{name}</code>" in html for name in names)


def test_try_page_is_a_cached_public_page(client, django_assert_num_queries):
    first = client.get("/try/")
    assert first.status_code == 200 and first["Cache-Control"].startswith("public")
    with django_assert_num_queries(0):
        assert client.get("/try/").content == first.content


@pytest.mark.parametrize("path", ["/try/", "/try/testing/", "/lab/redirects/"])
def test_the_pages_answer_405_to_other_methods_naming_get_and_head(client, path):
    response = client.post(path)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def test_testing_page_shows_pytest_jest_and_go_and_running_locally(client):
    html = client.get("/try/testing/").content.decode()
    assert "import requests" in html and "requests.Timeout" in html
    assert "AbortSignal.timeout(1000)" in html and "test(&quot;" in html or 'test("' in html
    assert "http.ErrUseLastResponse" in html and "func TestASlowAnswerTimesOut" in html
    assert "make serve" in html and "PLAYGROUND_URL" in html


text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40)
header_value = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=40)


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    code=st.from_regex(r"[1-5][0-9]{2}", fullmatch=True),
    sleep=text,
    to=text,
    spec=text,
    name=st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,20}", fullmatch=True),
    value=header_value,
    accept=st.sampled_from(["", "application/json", "text/html", "*/*", "image/png", "a/b;q=x"]),
    method=st.sampled_from(["get", "head", "post", "put", "delete", "options"]),
)
def test_no_control_ever_answers_500(client, unlimited, code, sleep, to, spec, name, value, accept, method):
    stripped = sleep.strip()
    assume(not (stripped.isascii() and stripped.isdigit() and int(stripped) > 20))
    headers = {f"X-HttpStatus-Response-{name}": value, "Accept": accept}
    # The test client re-raises any exception a view lets escape, so a crash fails the test.
    response = getattr(client, method)(f"/try/{code}/?sleep={quote(sleep)}&to={quote(to)}", headers=headers)
    assert response.status_code != 500 or code == "500"
    getattr(client, method)(f"/try/random/{quote(spec, safe=',*-')}/?sleep={quote(sleep)}", headers=headers)
