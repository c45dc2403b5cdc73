"""The production stack as users meet it: nginx's cache, the headers on the wire, edits showing
through the proxy, stale pages while the app server is down, slow clients held by nginx."""

import os
import re
import signal
import socket
import time
from html.parser import HTMLParser

import pytest
import requests

pytestmark = pytest.mark.live

BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-GB,en;q=0.9",
    "Accept-Encoding": "gzip, deflate, br, zstd",
}
PUBLIC_PAGES = [
    "/",
    "/codes/",
    "/codes/4xx/",
    "/codes/301/",
    "/codes/cheatsheet/",
    "/compare/",
    "/compare/301-vs-308/",
    "/compare/?codes=301,307,308",
    "/wizard/",
    "/wizard/?a=redirect&a=moved",
    "/search/?q=timeout",
    "/api/codes/",
    "/api/codes/301/",
    "/api/comparisons/301-vs-307/",
    "/sitemap.xml",
    "/embed/codes/301/",
    "/badge/301.svg",
]


def get(stack, path, **headers):
    return requests.get(stack.url + path, headers={**BROWSER_HEADERS, **headers}, allow_redirects=False, timeout=10)


def cached(stack, path):
    """Fetch until nginx answers from its cache (the first request stores the page)."""
    for _ in range(20):
        response = get(stack, path)
        if response.headers.get("X-Cache-Status") == "HIT":
            return response
        time.sleep(0.1)
    raise AssertionError(f"{path} never became a cache hit: {response.headers.get('X-Cache-Status')}")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_cdn_ready_compressed_once_and_served_from_nginx(live_stack, path):
    response = cached(live_stack, path)
    assert response.status_code == 200
    cache_control = {part.strip().split("=")[0]: part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert "public" in cache_control
    assert cache_control["max-age"] == "max-age=60"
    assert int(cache_control["s-maxage"].split("=")[1]) >= 3600
    assert "stale-while-revalidate" in cache_control and "stale-if-error" in cache_control
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Content-Encoding"] == "br"  # requests decodes br with the Brotli package
    assert response.headers["ETag"].startswith('W/"')
    assert "X-Accel-Expires" not in response.headers  # nginx reads it and keeps it to itself
    again = get(live_stack, path, **{"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == response.headers["ETag"]


def test_each_encoding_is_its_own_cache_entry_with_the_right_bytes(live_stack):
    bodies = {}
    for encoding in ("br", "gzip", "identity"):
        response = requests.get(
            live_stack.url + "/codes/404/", headers={"Accept-Encoding": encoding}, stream=True, timeout=10
        )
        raw = response.raw.read(decode_content=False)
        assert response.headers.get("Content-Encoding", "identity") == encoding
        assert int(response.headers["Content-Length"]) == len(raw)
        bodies[encoding] = raw
    assert len(bodies["br"]) < len(bodies["gzip"]) < len(bodies["identity"]) / 3


def test_cached_api_answers_carry_cors_headers_for_cross_origin_callers(live_stack):
    cached(live_stack, "/api/codes/204/")
    for _ in range(2):
        response = get(live_stack, "/api/codes/204/", Origin="https://docs.example")
    assert response.headers["X-Cache-Status"] == "HIT"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_admin_and_playground_are_never_cached(live_stack):
    for path in ("/admin/login/", "/try/200/"):
        for _ in range(3):
            response = get(live_stack, path)
        assert response.headers.get("X-Cache-Status") in (None, "MISS", "BYPASS"), path
    assert "no-cache" in get(live_stack, "/admin/login/").headers["Cache-Control"]


def test_forged_host_gets_400_cached_or_not(live_stack):
    cached(live_stack, "/codes/302/")
    for host in ("evil.example", "127.0.0.1.evil.example", ""):
        for path in ("/codes/302/", "/codes/418/", "/api/codes/302/"):
            response = requests.get(live_stack.url + path, headers={"Host": host}, timeout=10)
            assert response.status_code == 400, (host, path)


def test_http11_request_without_host_is_400(live_stack):
    with socket.create_connection(("127.0.0.1", live_stack.port), timeout=10) as sock:
        sock.sendall(b"GET /codes/301/ HTTP/1.1\r\nConnection: close\r\n\r\n")
        assert sock.recv(64).startswith(b"HTTP/1.1 400")


def test_app_server_alone_refuses_missing_and_forged_host(live_stack):
    """Behind the proxy or not: the app server itself answers 400, never 500 or a cached 200."""
    port = live_stack.ports["app"]
    requests.get(f"http://127.0.0.1:{port}/codes/303/", timeout=10)  # cache it in the app server
    for path in ("/codes/303/", "/codes/999/", "/nowhere/"):
        assert (
            requests.get(f"http://127.0.0.1:{port}{path}", headers={"Host": "evil.example"}, timeout=10).status_code
            == 400
        )
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nConnection: close\r\n\r\n".encode())
            assert sock.recv(64).split(b"\r\n")[0].split(b" ")[1] == b"400", path


def test_forged_forwarded_host_never_changes_links(live_stack):
    html = get(live_stack, "/codes/307/", **{"X-Forwarded-Host": "evil.example", "Host": "localhost"}).text
    own = {
        origin
        for origin in re.findall(r'(?:href|content)="(https?://[^"/]+)', html)
        if "127.0.0.1" in origin or "localhost" in origin or "evil" in origin
    }
    assert own == {live_stack.url}
    assert "evil.example" not in html and "localhost" not in html


def nginx_cache_files(stack):
    return sum(len(files) for _, _, files in os.walk(stack.run_dir / "cache"))


def test_junk_query_strings_redirect_to_the_clean_url_and_store_nothing(live_stack):
    cached(live_stack, "/codes/410/")
    before = nginx_cache_files(live_stack)
    for number in range(200):
        response = get(live_stack, f"/codes/410/?utm_source=x{number}")
        assert response.status_code == 301 and response.headers["Location"] == "/codes/410/"
    response = get(live_stack, "/compare/?codes=301,308&junk=1")
    assert response.status_code == 301 and response.headers["Location"] == "/compare/?codes=301%2C308"
    assert nginx_cache_files(live_stack) == before


class FormFields(HTMLParser):
    """Every successful control of the admin change form, as a browser would submit it."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def admin_session(stack):
    stack.manage(
        "shell",
        "-c",
        (
            "from django.contrib.auth.models import User;"
            "User.objects.filter(username='live-admin').exists() or "
            "User.objects.create_superuser('live-admin', 'a@example.org', 'live-admin-password-1')"
        ),
    )
    session = requests.Session()
    login = session.get(stack.url + "/admin/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
    response = session.post(
        stack.url + "/admin/login/?next=/admin/",
        timeout=10,
        data={
            "csrfmiddlewaretoken": token,
            "username": "live-admin",
            "password": "live-admin-password-1",
            "next": "/admin/",
        },
        headers={"Referer": stack.url + "/admin/login/"},
    )
    assert response.url.endswith("/admin/"), response.text[:500]
    return session


def test_an_admin_edit_shows_through_the_proxy_within_two_seconds(live_stack):
    before = cached(live_stack, "/codes/305/").text
    session = admin_session(live_stack)
    change_url = live_stack.url + "/admin/reference/statuscode/"
    listing = session.get(change_url + "?q=305", timeout=10).text
    object_path = re.search(r'href="(/admin/reference/statuscode/\d+/change/)[^"]*"', listing)[1]
    form = session.get(live_stack.url + object_path, timeout=10)
    parser = FormFields()
    parser.feed(form.text)
    marker = f"Edited through the proxy at {time.time():.0f}."
    for field in parser.fields:
        if field[0] == "summary":
            field[1] = marker
    saved = session.post(
        live_stack.url + object_path,
        data=[tuple(f) for f in parser.fields] + [("_continue", "1")],
        headers={"Referer": live_stack.url + object_path},
        timeout=10,
        allow_redirects=False,
    )
    assert saved.status_code == 302, saved.text[:2000]
    edited_at = time.monotonic()
    while marker not in get(live_stack, "/codes/305/").text:
        assert time.monotonic() - edited_at < 2.0, "the edit was not visible through nginx within 2 s"
        time.sleep(0.05)
    assert marker not in before


def test_stale_pages_are_served_while_the_app_server_is_down_and_it_comes_back(live_stack):
    cached(live_stack, "/codes/308/")
    time.sleep(1.2)  # past nginx's freshness: the next request must go to the app server
    os.killpg(live_stack.pids["app"], signal.SIGKILL)
    time.sleep(0.2)
    response = get(live_stack, "/codes/308/")
    assert response.status_code == 200 and "308" in response.text
    assert response.headers["X-Cache-Status"] in ("STALE", "UPDATING", "HIT")
    started = time.monotonic()
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{live_stack.ports['app']}/codes/308/", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        assert time.monotonic() - started < 30, "the app server was not restarted"
        time.sleep(0.2)


def test_stalled_uploads_do_not_delay_page_requests(live_stack):
    stalled = []
    try:
        for _ in range(50):
            sock = socket.create_connection(("127.0.0.1", live_stack.port), timeout=10)
            sock.sendall(
                b"POST /lab/redirects/307/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                b"application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\nabc"
            )
            stalled.append(sock)
        for path in ("/codes/500/", "/codes/102/", "/api/codes/201/"):
            started = time.monotonic()
            assert get(live_stack, path).status_code == 200
            assert time.monotonic() - started < 1.0, path
    finally:
        for sock in stalled:
            sock.close()
