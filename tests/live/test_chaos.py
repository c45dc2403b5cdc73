"""Chaos suite: attacks and failures against the real production stack (deploy/serve.py).

Each test sends real traffic on loopback only, bounded in count and time, and asserts: no 500, the
right status, recovery by itself, no data lost. The figures (requests, statuses, recovery times) are
printed and written to bench-results/chaos.json; run with `-s` to see them.
"""

import collections
import concurrent.futures
import json
import os
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

import pytest
import requests

from .conftest import start_stack, stop_stack

pytestmark = [pytest.mark.live, pytest.mark.chaos]

FIGURES = {}
CACHED_PAGES = ["/", "/codes/301/", "/codes/404/", "/compare/301-vs-308/", "/api/codes/503/", "/wizard/"]


@pytest.fixture(scope="module")
def chaos_stack(tmp_path_factory):
    # Connections are not kept between requests, so moving the database file away is an outage
    # that every new request meets, as an unreachable database server would be.
    stack = start_stack(tmp_path_factory.mktemp("chaos"), {"DATABASE_CONN_MAX_AGE": "0"})
    for path in CACHED_PAGES:
        requests.get(stack.url + path, timeout=10)
    yield stack
    print("\nChaos figures:", json.dumps(FIGURES, indent=1))
    results = Path(__file__).resolve().parents[2] / "bench-results"
    results.mkdir(exist_ok=True)
    (results / "chaos.json").write_text(json.dumps(FIGURES, indent=1))
    stop_stack(stack)


def raw(stack, data, port=None):
    """Send raw bytes, return the status line's code (or None if the server closed silently)."""
    with socket.create_connection(("127.0.0.1", port or stack.port), timeout=10) as sock:
        sock.sendall(data)
        reply = b""
        while b"\r\n" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    return int(reply.split(b" ")[1]) if reply.startswith(b"HTTP/") else None


MALFORMED = [
    (b"GET /codes/301/ HTTP/1.1\r\nHost: evil.example\r\n\r\n", {400}),
    (b"GET /codes/301/ HTTP/1.1\r\n\r\n", {400}),
    (b"GET /codes/301/ HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n", {400}),
    (b"GET http://evil.example/codes/301/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {400}),
    (b"GET /codes/301/ HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n", {400}),
    (b"GET /codes/301/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n", {400, 431, 494}),
    (b"GET /codes/301/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", {400}),
    (
        b"GET /codes/301/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
        {400, 200},
    ),
    (b"GET /codes/\xc2\xb2\xc2\xb2\xc2\xb2/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {404}),
    (b"BREW /codes/418/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {405}),
    (b"TRACE /codes/301/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {405}),
    (b"GET /codes/301/ HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", {505, 400}),
]
UNICODE_AND_HOSTILE = [
    ("/search/?q=%C2%B2%C2%B2%C2%B2", {400, 404, 200}),
    ("/compare/?codes=%C2%B2%C2%B2%C2%B2,301", {400}),
    ("/lab/redirects/arrived/?via=%C2%B2", {200, 400}),
    ("/oembed/?url=http://127.0.0.1/codes/%C2%B2/", {404, 400}),
    ("/oembed/?maxwidth=%C2%B2", {400, 404}),
    ("/oembed/?url=http://[::1", {400}),
    ("/api/codes/null,null/", {404}),
    ("/codes/%E2%91%A0%E2%91%A1%E2%91%A2/", {404}),
    ("/compare/%E2%91%A0-vs-301/", {404}),
    ("/wizard/?a=%00%FF", {400}),
    ("/search/?q=" + "%F0%9F%92%A5" * 300, {400, 200}),
    ("/search/?q=%22NEAR(%2A", {200, 400}),
    ("/try/%C2%B2%C2%B2%C2%B2/", {404}),
]


def test_malformed_requests_and_hostile_input_never_get_a_500(chaos_stack):
    statuses = collections.Counter()
    for data, expected in MALFORMED:
        for port in (chaos_stack.port, chaos_stack.ports["app"]):
            status = raw(chaos_stack, data, port)
            statuses[status] += 1
            assert status is None or status < 500 or status == 505, (data[:60], port, status)
            if port == chaos_stack.port:
                assert status in expected, (data[:80], status)
    for path, expected in UNICODE_AND_HOSTILE:
        response = requests.get(chaos_stack.url + path, timeout=10, allow_redirects=False)
        statuses[response.status_code] += 1
        assert response.status_code in expected, (path, response.status_code)
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        for path in ("/codes/301/", "/api/codes/301/"):
            response = requests.request(method, chaos_stack.url + path, timeout=10)
            statuses[response.status_code] += 1
            assert response.status_code == (204 if method == "OPTIONS" else 405), (method, path)
            assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
            if path.startswith("/api/") and method != "OPTIONS":
                assert response.json()["status"] == 405
    FIGURES["malformed and hostile requests"] = {"sent": sum(statuses.values()), "statuses": dict(statuses)}


def test_fifty_slow_connections_do_not_stop_pages(chaos_stack):
    slow = []
    try:
        for number in range(50):
            sock = socket.create_connection(("127.0.0.1", chaos_stack.port), timeout=10)
            if number % 2:  # a stalled upload
                sock.sendall(b"POST /lab/redirects/307/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000\r\n\r\nabc")
            else:  # slowloris: headers that never end
                sock.sendall(b"GET /codes/301/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
            slow.append(sock)
        timings = []
        for path in ["/codes/100/", "/codes/418/", "/compare/401-vs-403/", "/api/codes/", "/search/?q=gateway"]:
            started = time.monotonic()
            assert requests.get(chaos_stack.url + path, timeout=10).status_code == 200
            timings.append(time.monotonic() - started)
        FIGURES["50 slow connections"] = {"page requests": len(timings), "slowest ms": round(max(timings) * 1000, 1)}
        assert max(timings) < 1.0
    finally:
        for sock in slow:
            sock.close()


class Load:
    """Background requests over a fixed list of paths until stopped; counts statuses per second."""

    def __init__(self, stack, paths, threads=8):
        self.stack, self.paths, self.threads = stack, paths, threads
        self.stop_event = threading.Event()
        self.log = []  # (monotonic time, path, status or exception name)
        self.lock = threading.Lock()

    def worker(self, offset):
        session = requests.Session()
        number = offset
        while not self.stop_event.is_set():
            path = self.paths[number % len(self.paths)].replace("{n}", str(number))
            number += self.threads
            try:
                status = session.get(self.stack.url + path, timeout=10, allow_redirects=False).status_code
            except requests.RequestException as error:
                status = type(error).__name__
            with self.lock:
                self.log.append((time.monotonic(), path, status))

    def __enter__(self):
        self.pool = concurrent.futures.ThreadPoolExecutor(self.threads)
        self.futures = [self.pool.submit(self.worker, offset) for offset in range(self.threads)]
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for future in self.futures:
            future.result(timeout=30)
        self.pool.shutdown()

    def statuses(self, since=0, until=float("inf")):
        return collections.Counter(str(status) for at, _, status in self.log if since <= at < until)


def app_worker_pids(stack):
    master = stack.pids["app"]
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(entry))
    return children


def test_an_app_worker_killed_under_load_is_replaced_and_pages_keep_coming(chaos_stack):
    paths = CACHED_PAGES + ["/search/?q=worker{n}"]
    workers = app_worker_pids(chaos_stack)
    assert workers, "no app worker processes found"
    with Load(chaos_stack, paths) as load:
        time.sleep(2)
        killed_at = time.monotonic()
        os.kill(workers[0], signal.SIGKILL)
        time.sleep(6)
    after = load.statuses(since=killed_at)
    recovered = [at for at, path, status in load.log if at > killed_at and "search" in path and status == 200]
    FIGURES["app worker killed under load"] = {
        "requests": len(load.log),
        "statuses after the kill": dict(after),
        "first uncached 200 after the kill, s": round(recovered[0] - killed_at, 2) if recovered else None,
    }
    assert "500" not in after
    assert recovered, "uncached pages never came back after the worker was killed"
    late = load.statuses(since=killed_at + 4)
    assert set(late) == {"200"}, late


def test_a_ten_second_database_outage_serves_cached_pages_and_503s_then_recovers(chaos_stack):
    database = chaos_stack.env["DATABASE_URL"].removeprefix("sqlite:///")

    def count():
        command = "from reference.models import StatusCode; print(StatusCode.objects.count())"
        return chaos_stack.manage("shell", "-c", command).stdout.strip()

    rows_before = count()
    paths = CACHED_PAGES + ["/search/?q=outage{n}", "/codes/305/"]
    with Load(chaos_stack, paths) as load:
        time.sleep(1.5)
        shutil.move(database, database + ".away")
        down_at = time.monotonic()
        time.sleep(10)
        os.replace(database + ".away", database)
        up_at = time.monotonic()
        time.sleep(4)
    during = [(path, status) for at, path, status in load.log if down_at + 0.5 < at < up_at]
    cached_during = collections.Counter(status for path, status in during if path in CACHED_PAGES)
    uncached_during = collections.Counter(status for path, status in during if "search" in path)
    recovered = [at for at, path, status in load.log if at > up_at and "search" in path and status == 200]
    FIGURES["10 s database outage"] = {
        "requests": len(load.log),
        "cached pages during": dict(cached_during),
        "uncached search during": dict(uncached_during),
        "recovery, s": round(recovered[0] - up_at, 2) if recovered else None,
    }
    assert set(cached_during) == {200}, cached_during
    assert uncached_during and set(uncached_during) <= {503}, uncached_during
    assert all(status != 500 for _, _, status in load.log)
    assert recovered and recovered[0] - up_at < 3
    assert count() == rows_before  # no data lost
    retry = requests.get(chaos_stack.url + "/search/?q=after", timeout=10)
    assert retry.status_code == 200


def test_503s_during_an_outage_say_when_to_retry(chaos_stack):
    database = chaos_stack.env["DATABASE_URL"].removeprefix("sqlite:///")
    shutil.move(database, database + ".away")
    try:
        page = requests.get(chaos_stack.url + "/search/?q=retry-after", timeout=10)
        api = requests.get(chaos_stack.url + "/api/codes/?standing=deprecated", timeout=10)
    finally:
        os.replace(database + ".away", database)
    assert page.status_code == 503 and int(page.headers["Retry-After"]) > 0
    assert api.status_code == 503 and api.json()["status"] == 503 and int(api.headers["Retry-After"]) > 0


def test_a_flood_of_unique_query_strings_and_forged_sessions_neither_grows_the_cache_nor_bypasses_it(chaos_stack):
    def cache_files():
        return sum(len(files) for _, _, files in os.walk(chaos_stack.run_dir / "cache"))

    before = cache_files()
    statuses = collections.Counter()
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for response in pool.map(
            lambda n: requests.get(f"{chaos_stack.url}/codes/301/?x={n}", timeout=10, allow_redirects=False),
            range(1000),
        ):
            statuses[response.status_code] += 1
    flood_seconds = time.monotonic() - started
    assert statuses == {301: 1000}
    assert cache_files() == before
    forged = requests.Session()
    forged.cookies.set("sessionid", "forged-" + "z" * 32)
    hits = collections.Counter(
        forged.get(chaos_stack.url + "/codes/301/", timeout=10).headers.get("X-Cache-Status") for _ in range(50)
    )
    app = f"http://127.0.0.1:{chaos_stack.ports['app']}/codes/301/"
    requests.get(app, timeout=10)
    timed = {}
    for name, cookies in (("no cookie", {}), ("forged session", {"sessionid": "forged-" + "y" * 32})):
        session = requests.Session()
        started = time.monotonic()
        for _ in range(100):
            assert session.get(app, cookies=cookies, timeout=10).status_code == 200
        timed[name] = (time.monotonic() - started) * 10  # ms per request
    FIGURES["query-string flood and forged sessions"] = {
        "flood requests": 1000,
        "statuses": dict(statuses),
        "flood s": round(flood_seconds, 2),
        "nginx cache files added": cache_files() - before,
        "forged-session statuses via nginx": dict(hits),
        "app server ms/request": {k: round(v, 2) for k, v in timed.items()},
    }
    assert hits == {"HIT": 50}
    assert timed["forged session"] < timed["no cookie"] * 3 + 2
