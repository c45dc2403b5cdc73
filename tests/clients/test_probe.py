"""The probe endpoints the harness points clients at: what they send, what they record, and a
400 (never a 500) for anything they do not make."""

import base64

import pytest


def test_echo_reports_method_body_and_the_headers_that_matter(client):
    response = client.put(
        "/clients/probe/echo/",
        data="probe-body",
        content_type="text/plain",
        HTTP_AUTHORIZATION="Bearer t",
        HTTP_COOKIE="probe=1",
    )
    data = response.json()
    assert (data["method"], data["body"], data["content_type"], data["authorization"]) == (
        "PUT",
        "probe-body",
        "text/plain",
        "Bearer t",
    )
    assert "probe=1" in data["cookie"]
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" not in response


def test_echo_answers_a_cors_preflight_for_authorization_and_put(client):
    response = client.options(
        "/clients/probe/echo/", HTTP_ORIGIN="http://127.0.0.1:8000", HTTP_ACCESS_CONTROL_REQUEST_METHOD="PUT"
    )
    assert response.status_code == 204
    assert "Authorization" in response["Access-Control-Allow-Headers"]
    assert "PUT" in response["Access-Control-Allow-Methods"]


@pytest.mark.parametrize(
    "to, location",
    [
        ("same", "http://127.0.0.1:8123/clients/probe/echo/?via=307"),
        ("cross", "http://localhost:8123/clients/probe/echo/?via=307"),
        ("relative", "../../echo/?via=307"),
        ("fragment", "/clients/probe/echo/?via=307#part"),
    ],
)
def test_redirect_points_at_the_echo_on_this_or_the_other_loopback_origin(client, settings, to, location):
    settings.SITE_URL = "http://127.0.0.1:8123"  # behind nginx the Host has no port; SITE_URL has it
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    response = client.post(f"/clients/probe/redirect/307/?to={to}", HTTP_HOST="127.0.0.1")
    assert response.status_code == 307
    assert response["Location"] == location


def test_300_without_location_has_none(client):
    response = client.get("/clients/probe/redirect/300/?to=none")
    assert response.status_code == 300 and "Location" not in response


def test_endless_chain_counts_hops_per_run(client):
    assert client.get("/clients/probe/hops/run-a/0/")["Location"] == "/clients/probe/hops/run-a/1/"
    client.get("/clients/probe/hops/run-a/1/")
    hops = [event["hop"] for event in client.get("/clients/probe/runs/run-a/").json()["events"]]
    assert hops == [0, 1]
    assert client.get("/clients/probe/runs/run-b/").json()["events"] == []


def test_retry_answers_the_code_with_retry_after_once_then_200(client):
    first = client.get("/clients/probe/retry/503/r1/?after=seconds")
    assert (first.status_code, first["Retry-After"]) == (503, "1")
    assert client.get("/clients/probe/retry/503/r1/?after=seconds").status_code == 200
    dated = client.get("/clients/probe/retry/429/r2/?after=date")
    assert dated.status_code == 429 and dated["Retry-After"].endswith(" GMT")


def test_auth_challenges_until_the_basic_credentials_arrive(client):
    challenge = client.get("/clients/probe/auth/a1/")
    assert challenge.status_code == 401 and challenge["WWW-Authenticate"] == 'Basic realm="probe"'
    good = "Basic " + base64.b64encode(b"probe:secret").decode()
    assert client.get("/clients/probe/auth/a1/", HTTP_AUTHORIZATION=good).status_code == 200
    assert [bool(e["authorization"]) for e in client.get("/clients/probe/runs/a1/").json()["events"]] == [False, True]


def test_form_page_posts_to_a_probe_url_only(client):
    page = client.get("/clients/probe/form/?action=/clients/probe/redirect/303/%3Fto%3Dsame").content.decode()
    assert '<form method=post action="/clients/probe/redirect/303/?to=same">' in page
    assert client.get("/clients/probe/form/?action=https://example.com/").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/clients/probe/redirect/200/",
        "/clients/probe/redirect/301/?to=elsewhere",
        "/clients/probe/retry/404/r/",
        "/clients/probe/retry/503/r/?after=tomorrow",
        "/clients/probe/hops/²/0/",
        "/clients/probe/hops/r/201/",
        "/clients/probe/auth/①/",
        "/clients/probe/runs/%C2%B2/",
        "/clients/probe/loop/UPPER/a/",
    ],
)
def test_what_the_probe_does_not_make_is_a_400_never_a_500(client, path):
    assert client.get(path).status_code == 400


def test_oversized_or_malformed_content_length_is_refused(client):
    assert client.post("/clients/probe/echo/", data="x" * 3000, content_type="text/plain").status_code == 400
    assert (
        client.post("/clients/probe/echo/", data="x", content_type="text/plain", CONTENT_LENGTH="²").status_code == 400
    )


def test_cached_copy_must_be_revalidated_and_answers_304_to_its_etag(client):
    first = client.get("/clients/probe/cached/c1/")
    assert (first.status_code, first["Cache-Control"], first["ETag"]) == (200, "no-cache", '"probe-v1"')
    again = client.get("/clients/probe/cached/c1/", HTTP_IF_NONE_MATCH='"probe-v1"')
    assert again.status_code == 304 and again.content == b""


def test_download_resumes_from_an_open_range_with_206(client):
    whole = client.get("/clients/probe/download/d1/")
    assert whole.status_code == 200 and len(whole.content) == 1000
    rest = client.get("/clients/probe/download/d1/", HTTP_RANGE="bytes=400-")
    assert (rest.status_code, rest["Content-Range"]) == (206, "bytes 400-999/1000")
    assert whole.content[:400] + rest.content == whole.content
    assert client.get("/clients/probe/download/d1/", HTTP_RANGE="bytes=²-").status_code == 200
