"""/try/<code>/ responses and the redirect lab, through the test client."""

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import cache
from django.test import AsyncClient

from playground.responses import METHODS
from reference.models import StatusCode

pytestmark = pytest.mark.django_db

UNSENDABLE = [444, 460, 494, 495, 496, 497, 499]
NEEDED_HEADERS = {
    201: "Location",
    301: "Location",
    302: "Location",
    303: "Location",
    307: "Location",
    308: "Location",
    401: "WWW-Authenticate",
    405: "Allow",
    407: "Proxy-Authenticate",
    416: "Content-Range",
    206: "Content-Range",
    426: "Upgrade",
    429: "Retry-After",
    503: "Retry-After",
    304: "ETag",
}


def asgi_get(path, **headers):
    """The answer as an ASGI server's request object sees it (hop-by-hop fields are allowed there)."""
    return async_to_sync(AsyncClient().get)(path, headers=headers)


def test_every_producible_code_answers_with_itself_for_any_method(client, unlimited):
    codes = StatusCode.objects.published().filter(code__gte=200).exclude(code__in=UNSENDABLE)
    assert codes.count() > 60
    for code in codes:
        for method in ("get", "post", "put", "delete"):
            response = getattr(client, method)(f"/try/{code.code}/")
            assert response.status_code == code.code, (code.code, method)


@pytest.mark.parametrize("code, header", sorted(NEEDED_HEADERS.items()))
def test_try_sends_the_header_the_code_needs_under_asgi(code, header):
    response = asgi_get(f"/try/{code}/")
    assert response.status_code == code
    assert response.has_header(header), f"{code} lacks {header}"


def test_426_names_the_upgrade_in_connection_too():
    response = asgi_get("/try/426/")
    assert response["Upgrade"] == "HTTP/3.0" and response["Connection"] == "Upgrade"


@pytest.mark.parametrize("code, header", [(407, "Proxy-Authenticate"), (426, "Upgrade")])
def test_under_wsgi_hop_by_hop_fields_are_withheld_and_the_body_says_so(client, code, header):
    response = client.get(f"/try/{code}/")
    assert response.status_code == code and not response.has_header(header)
    assert f"{header} is a hop-by-hop field in PEP 3333" in response.content.decode()


def test_redirects_point_to_a_page_of_this_site(client):
    response = client.get("/try/308/")
    assert response["Location"] == "/lab/redirects/arrived/?via=308"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("code", [204, 205, 304])
def test_codes_without_content_send_no_body(client, code):
    response = client.get(f"/try/{code}/")
    assert response.status_code == code and response.content == b""
    assert not response.has_header("Content-Type")


@pytest.mark.parametrize("code", [204, 304])
def test_204_and_304_carry_no_content_length(client, code):
    assert not client.get(f"/try/{code}/").has_header("Content-Length")


def test_205_frames_its_empty_content_with_content_length_zero(client):
    assert client.get("/try/205/")["Content-Length"] == "0"


@pytest.mark.parametrize("stored", [True, False])
def test_site_pages_answer_revalidation_with_a_304_without_content_length(client, stored):
    etag = client.get("/codes/301/")["ETag"]
    if not stored:
        cache.clear()
    response = client.get("/codes/301/", headers={"If-None-Match": etag})
    assert response.status_code == 304 and not response.has_header("Content-Length")


@pytest.mark.parametrize("method", METHODS)
def test_allow_on_405_never_lists_the_method_that_got_it(client, method):
    response = client.generic(method, "/try/405/")
    allowed = [name.strip() for name in response["Allow"].split(",")]
    assert response.status_code == 405 and method not in allowed and allowed


def test_head_gets_the_get_headers_and_no_body(client):
    get, head = client.get("/try/404/"), client.head("/try/404/")
    assert head.status_code == 404
    assert head["Content-Type"] == get["Content-Type"]


def test_other_codes_say_what_happened(client):
    body = client.post("/try/418/").content.decode()
    assert "This is a real 418 response from the playground to your POST request." in body


def test_specific_header_values(client):
    assert client.get("/try/401/")["WWW-Authenticate"].startswith("Bearer ")
    assert client.get("/try/416/")["Content-Range"] == "bytes */1024"
    assert client.get("/try/429/")["Retry-After"] == "30"
    assert client.get("/try/206/").content == b"0123456789"


def test_answers_are_never_stored_by_shared_caches(client):
    assert client.get("/try/200/")["Cache-Control"] == "no-store"
    assert client.get("/try/503/")["Cache-Control"] == "no-store"
    assert client.get("/try/301/")["Cache-Control"] == "private"


@pytest.mark.parametrize("code", [100, 101, 103, 444, 499])
def test_codes_that_cannot_be_sent_are_explained_with_400(client, code):
    response = client.get(f"/try/{code}/")
    assert response.status_code == 400
    assert (
        "can&#x27;t be sent from here" in response.content.decode()
        or "can't be sent from here" in response.content.decode()
    )


def test_codes_that_cannot_be_sent_are_explained_in_json_when_asked(client):
    response = client.get("/try/103/", headers={"Accept": "application/json"})
    assert response.status_code == 400 and response.json()["description"].startswith("103 Early Hints can't be sent")


def test_unknown_code_is_404(client):
    assert client.get("/try/299/").status_code == 404
    assert client.get("/try/abc/").status_code == 404


def test_the_slash_and_anything_after_the_code_are_optional_as_on_httpstatus(client):
    assert client.post("/try/201").status_code == 201
    assert client.get("/try/503/some/path/").status_code == 503


@pytest.mark.parametrize("path", ["/try", "/lab/redirects", "/lab/redirects/307"])
def test_playground_urls_without_the_slash_redirect_keeping_the_method(client, path):
    response = client.post(f"{path}?x=1", {"message": "hi"})
    assert response.status_code == 308 and response["Location"] == f"{path}/?x=1"


def test_unknown_playground_path_without_slash_is_404(client):
    assert client.post("/try/nothing-here").status_code == 404


def test_code_page_shows_curl_examples(client):
    html = client.get("/codes/307/").content.decode()
    assert "curl -i http://testserver/try/307/" in html
    assert (
        "curl -i -L -d &#x27;message=hello&#x27; http://testserver/lab/redirects/307/" in html
        or "curl -i -L -d 'message=hello' http://testserver/lab/redirects/307/" in html
    )


# The redirect lab --------------------------------------------------------------------------


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_lab_redirect_answers_with_its_code_to_the_landing_page(client, code):
    response = client.post(f"/lab/redirects/{code}/", {"message": "hi"})
    assert response.status_code == code
    assert response["Location"] == f"/lab/redirects/arrived/?via={code}"


def test_landing_page_echoes_method_body_and_headers_escaped(client):
    response = client.post(
        "/lab/redirects/arrived/?via=307",
        data="message=<script>alert(1)</script>",
        content_type="application/x-www-form-urlencoded",
        HTTP_REFERER="https://example.test/<b>",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<dd id="arrived-method">POST</dd>' in html
    assert "message=&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "https://example.test/&lt;b&gt;" in html
    assert "forbids changing the method" in html and 'href="/codes/307/"' in html


def test_landing_page_explains_a_get_after_301(client):
    html = client.get("/lab/redirects/arrived/?via=301").content.decode()
    assert '<dd id="arrived-method">GET</dd>' in html
    assert "may change a POST into a GET" in html


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/lab/redirects/", "/admin/", "javascript:alert(1)"]
)
def test_lab_refuses_open_redirects(client, target):
    response = client.get("/lab/redirects/302/", {"next": target})
    assert response.status_code == 400
    assert "refused" in response.content.decode()


def test_lab_accepts_its_own_next_target(client):
    response = client.get("/lab/redirects/307/", {"next": "/lab/redirects/chain/2/"})
    assert response.status_code == 307 and response["Location"] == "/lab/redirects/chain/2/"


def test_lab_refuses_oversized_bodies_with_413(client):
    response = client.post("/lab/redirects/307/", {"message": "x" * 5000})
    assert response.status_code == 413
    response = client.post("/lab/redirects/arrived/", {"message": "x" * 5000})
    assert response.status_code == 413


def test_chain_hops_down_to_the_landing_page_and_is_bounded(client):
    response = client.get("/lab/redirects/chain/3/", follow=True)
    assert [hop for hop, _ in response.redirect_chain] == [
        "/lab/redirects/chain/2/",
        "/lab/redirects/chain/1/",
        "/lab/redirects/chain/0/",
        "/lab/redirects/arrived/?via=chain",
    ]
    assert client.get("/lab/redirects/chain/11/").status_code == 400


def test_loop_alternates_between_two_urls(client):
    assert client.get("/lab/redirects/loop/a/")["Location"] == "/lab/redirects/loop/b/"
    assert client.get("/lab/redirects/loop/b/")["Location"] == "/lab/redirects/loop/a/"


def test_lab_redirect_with_an_unsupported_code_is_404(client):
    assert client.get("/lab/redirects/305/").status_code == 404


def test_lab_stores_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.post("/lab/redirects/307/", {"message": "hi"})


@pytest.mark.parametrize("via", ["²", "①", "9" * 5000, "-1", ""])
def test_landing_page_takes_any_via_without_failing(client, via):
    response = client.get("/lab/redirects/arrived/", {"via": via})
    assert response.status_code == 200 and "Why" not in response.content.decode()
