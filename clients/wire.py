"""A deliberately broken HTTP/1.1 server, for the cases a conforming stack will not produce.

Django, granian and nginx all strip a body from a 204 or 304 and answer `Expect: 100-continue`
themselves (nginx sends 100 Continue before the app sees the request), so the harness cannot ask
them for what a misbehaving origin sends. This server speaks just enough HTTP/1.1 by hand:

- `GET /body/<204|304>/<run>/`: the status line and headers, then bytes no such response may carry
  (RFC 9112 §6.3: a 204 or 304 ends at the empty line after its header section);
- `POST /expect/<417|413>/<run>/`: reads the header section, waits 300 ms (curl waits up to 1 s for
  100 Continue) counting any body bytes that arrive unasked, then answers with the final status
  and closes, as RFC 9110 §10.1.1 allows; a later request without `Expect` gets 200 and an echo.

Each request is recorded per run, as the probe does, so the harness can see retries.
"""

import json
import re
import socket
import socketserver
import threading
import time

WAIT_FOR_UNASKED_BODY = 0.3
STRAY = b"stray bytes after the header section\n"
REASONS = {
    200: "OK",
    204: "No Content",
    304: "Not Modified",
    400: "Bad Request",
    413: "Content Too Large",
    417: "Expectation Failed",
}
PATH_RE = re.compile(r"^/(body|expect)/([0-9]{3})/([a-z0-9-]{1,40})/$")
MAX_HEAD = 16384


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(5)
        buffered = b""
        try:
            while True:  # one connection may carry several requests (keep-alive)
                head, _, buffered = self.read_head(buffered)
                if head is None:
                    return
                if not self.answer(head, buffered):
                    return
                buffered = b""
        except (OSError, ValueError):
            return

    def read_head(self, buffered):
        while b"\r\n\r\n" not in buffered:
            chunk = self.request.recv(4096)
            if not chunk or len(buffered) > MAX_HEAD:
                return None, b"", b""
            buffered += chunk
        return buffered.partition(b"\r\n\r\n")

    def answer(self, head, buffered):
        """Send the answer; False when the connection must close."""
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = (lines[0].split(" ") + ["", ""])[:3]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        match = PATH_RE.match(target)
        if not match:
            self.send(400, b"unknown wire case\n")
            return False
        kind, code, run = match.group(1), int(match.group(2)), match.group(3)
        length = int(headers.get("content-length") or 0)
        event = {"method": method, "expect": headers.get("expect"), "at": time.time()}
        if kind == "body":
            self.server.record(run, event)
            self.request.sendall(
                f"HTTP/1.1 {code} {REASONS[code]}\r\nContent-Type: text/plain\r\n\r\n".encode() + STRAY
            )
            time.sleep(0.5)
            return False
        if (headers.get("expect") or "").lower() == "100-continue":
            event["body_bytes_unasked"] = len(
                self.read_body(buffered, length, WAIT_FOR_UNASKED_BODY, timeout_ends_wait=True)
            )
            self.server.record(run, event)
            self.send(code, b"", close=True)
            return False
        buffered = self.read_body(buffered, length, 5)
        event["body_bytes"] = len(buffered)
        self.server.record(run, event)
        echo = {"probe": "echo", "method": method, "body": buffered.decode("utf-8", "replace")}
        close = headers.get("connection", "").lower() == "close"
        self.send(200, json.dumps(echo).encode(), close=close, content_type="application/json")
        return not close

    def read_body(self, buffered, length, seconds, timeout_ends_wait=False):
        """The body bytes after those already read, up to Content-Length or the peer's close. A pause
        of `seconds` ends the wait when `timeout_ends_wait`, else drops the connection (TimeoutError)."""
        self.request.settimeout(seconds)
        try:
            while len(buffered) < length:
                chunk = self.request.recv(4096)
                if not chunk:
                    break
                buffered += chunk
        except TimeoutError:
            if not timeout_ends_wait:
                raise
        return buffered

    def send(self, code, body, close=False, content_type="text/plain"):
        head = f"HTTP/1.1 {code} {REASONS[code]}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        if close:
            head += "Connection: close\r\n"
        self.request.sendall(head.encode() + b"\r\n" + body)
        if close:
            try:
                self.request.shutdown(socket.SHUT_WR)
            except OSError:
                pass


class WireServer(socketserver.ThreadingTCPServer):
    """Loopback only, on a free port; `events(run)` lists what arrived for one run."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.runs = {}
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, run, event):
        with self.lock:
            self.runs.setdefault(run, []).append(event)

    def events(self, run):
        with self.lock:
            return list(self.runs.get(run, []))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
