"""Turn what people paste (curl -i / -v, DevTools headers, HAR) into one parsed response.

The status line and header fields are parsed by h11, a maintained HTTP/1.1 parser. Inputs in
other shapes are first rewritten into an HTTP/1.1 response head: curl's `<` prefixes are
stripped, DevTools' "name: value" lines get the status line they lack, HTTP/2 and HTTP/3
status lines are relabelled (their fields have the same meaning, RFC 9110 §6). Framing fields
(Content-Length, Transfer-Encoding) are kept out of h11, which rejects a conflicting pair
outright: for the inspector they are findings to explain, not reasons to refuse.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

import h11

MAX_INPUT_BYTES = 256 * 1024
TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
HEADER_LINE = re.compile(rf"^({TOKEN}):[ \t]*(.*?)[ \t]*$")
NAME_ONLY_LINE = re.compile(
    rf"^({TOKEN}|Status Code|Request Method|Request URL|Remote Address|Referrer Policy):$", re.IGNORECASE
)
STATUS_LINE = re.compile(r"^HTTP/([0-9](?:\.[0-9])?)[ \t]+([0-9]{3})(?:[ \t]+(.*?))?[ \t]*$", re.IGNORECASE)
# DevTools "General" section and HTTP/2 pseudo-header forms of the status.
DEVTOOLS_STATUS = re.compile(r"^(?::?status|Status Code):[ \t]*([0-9]{3})\b[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
DEVTOOLS_METHOD = re.compile(r"^Request Method:[ \t]*(" + TOKEN + r")[ \t]*$", re.IGNORECASE)
DEVTOOLS_GENERAL = re.compile(r"^(Request URL|Remote Address|Referrer Policy):", re.IGNORECASE)
FRAMING_FIELDS = {"content-length", "transfer-encoding"}
CURL_INFO_PREFIXES = ("* ", "{ ", "} ")


class InspectError(ValueError):
    """Input that cannot be read as a response; the message says what to fix."""


class HarEntryChoice(InspectError):
    """A HAR with several entries and none chosen: the caller shows the list."""

    def __init__(self, entries):
        self.entries = entries
        super().__init__(f"This HAR file has {len(entries)} entries; choose one (entry=0 to {len(entries) - 1}).")


@dataclass
class ParsedResponse:
    status: int
    reason: str
    http_version: str
    headers: list  # [(name, value)] in order, as received
    body_present: bool
    input_format: str
    method: str | None = None  # when the input says (curl -v, HAR, DevTools)
    request_headers: list = field(default_factory=list)
    received_at: datetime | None = None  # HAR's startedDateTime
    notes: list = field(default_factory=list)  # what the pre-processing did

    def values(self, name):
        name = name.lower()
        return [value for header, value in self.headers if header.lower() == name]

    def first(self, name):
        values = self.values(name)
        return values[0] if values else None

    def has(self, name):
        return bool(self.values(name))

    def request_has(self, name):
        return any(header.lower() == name.lower() for header, _ in self.request_headers)


def parse_input(text, entry=None):
    """The response in `text`, whichever of the supported shapes it is in."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InspectError("Paste a response: its status line and header fields, e.g. the output of curl -i.")
    if text.lstrip().startswith("{"):
        return parse_har(text, entry)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next(line for line in lines if line.strip())
    if STATUS_LINE.match(first.strip()) or first.upper().startswith("HTTP/"):
        return parse_raw(lines, "raw response")
    if first.startswith(("<", ">", "*")):
        return parse_curl_verbose(lines)
    return parse_devtools(lines)


def parse_curl_verbose(lines):
    """curl -v: `<` lines are the response, `>` the request, `*` curl's own notes."""
    method, blocks, body, in_response = None, [], [], False
    for line in lines:
        if line.startswith(">"):
            request = line[1:].strip().split(" ")
            if method is None and len(request) == 3 and request[2].upper().startswith("HTTP/"):
                method = request[0]
            in_response = False
        elif line.startswith("<"):
            content = line[1:].lstrip(" ")
            if STATUS_LINE.match(content.strip()):
                blocks.append([])
                body = []
            if blocks:
                blocks[-1].append(content)
            in_response = True
        elif line.startswith(CURL_INFO_PREFIXES) or line == "*":
            continue
        elif in_response and blocks:
            body.append(line)
    if not blocks:
        raise InspectError("This looks like curl -v output, but no '< HTTP/...' status line was found.")
    notes = []
    if len(blocks) > 1:
        earlier = ", ".join(block[0].strip() for block in blocks[:-1])
        notes.append(f"{len(blocks)} responses in this output ({earlier}, then the last); inspecting the last one.")
    head = [line for line in blocks[-1] if line.strip()]
    parsed = build(head, "\n".join(body), "curl -v", notes)
    parsed.method = method
    return parsed


def parse_raw(lines, input_format):
    """A raw response (curl -i); interim (1xx) and earlier redirect responses are skipped."""
    notes, start = [], 0
    while True:
        while start < len(lines) and not lines[start].strip():
            start += 1
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        rest = end
        while rest < len(lines) and not lines[rest].strip():
            rest += 1
        if rest < len(lines) and STATUS_LINE.match(lines[rest].strip()):
            notes.append(f"Skipped an earlier response ({lines[start].strip()}); inspecting the one after it.")
            start = rest
            continue
        break
    head = lines[start:end]
    body = "\n".join(lines[end + 1 :]) if end < len(lines) else ""
    return build(head, body, input_format, notes)


def parse_devtools(lines):
    """Headers copied from browser DevTools: "name: value" lines, or "name:" and the value below."""
    status, reason, method, head, pending = None, "", None, [], None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if pending is not None and not HEADER_LINE.match(line) and not NAME_ONLY_LINE.match(line):
            line, pending = f"{pending}: {line}", None
        elif pending is not None:
            head.append(f"{pending}:")
            pending = None
        status_match = DEVTOOLS_STATUS.match(line)
        method_match = DEVTOOLS_METHOD.match(line)
        if status_match and status is None:
            status, reason = status_match.group(1), status_match.group(2)
        elif method_match:
            method = method_match.group(1).upper()
        elif DEVTOOLS_GENERAL.match(line) or line.startswith(":"):
            continue  # DevTools' summary lines and HTTP/2 pseudo-headers are not response fields
        elif NAME_ONLY_LINE.match(line):
            pending = line[:-1]
        elif HEADER_LINE.match(line):
            head.append(line)
        else:
            raise InspectError(
                f"Line {number} is neither a status line (HTTP/1.1 200 OK) nor a header field (name: value): "
                f"{shorten(line)}"
            )
    if pending is not None:
        head.append(f"{pending}:")
    if status is None:
        raise InspectError(
            "No status line found. Start with the status line (HTTP/1.1 200 OK), or include DevTools' "
            "'Status Code: 200' line, so the inspector knows which response these headers belong to."
        )
    parsed = build([f"HTTP/1.1 {status} {reason}".rstrip()] + head, "", "DevTools headers", [])
    parsed.http_version = ""
    parsed.method = method
    return parsed


def parse_har(text, entry):
    """One entry of a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/)."""
    try:
        har = json.loads(text)
    except json.JSONDecodeError as error:
        raise InspectError(
            f"This starts like JSON but is not valid JSON ({error.msg} at line {error.lineno})."
        ) from None
    entries = har.get("log", {}).get("entries") if isinstance(har, dict) and isinstance(har.get("log"), dict) else None
    if not isinstance(entries, list) or not entries:
        raise InspectError("This JSON is not a HAR file: it has no log.entries list.")
    summaries = [har_summary(item) for item in entries]
    if entry is None:
        if len(entries) > 1:
            raise HarEntryChoice(summaries)
        entry = 0
    if not 0 <= entry < len(entries):
        raise InspectError(f"There is no entry {entry}; this HAR has entries 0 to {len(entries) - 1}.")
    item = entries[entry]
    response = item.get("response") if isinstance(item, dict) else None
    if not isinstance(response, dict) or not isinstance(response.get("status"), int):
        raise InspectError(f"Entry {entry} has no response with a numeric status.")
    status = response["status"]
    if status == 0:
        raise InspectError(f"Entry {entry} has status 0: the browser got no response (blocked, cancelled or failed).")
    headers = har_headers(response.get("headers"), f"entry {entry}'s response")
    request = item.get("request") if isinstance(item.get("request"), dict) else {}
    head = [f"HTTP/1.1 {status} {har_text(response.get('statusText'))}".rstrip()]
    head += [f"{name}: {value}" for name, value in headers if not name.startswith(":")]
    body_size = response.get("bodySize")
    parsed = build(head, "", "HAR", [])
    parsed.http_version = har_version(response.get("httpVersion"))
    parsed.body_present = isinstance(body_size, int) and body_size > 0
    parsed.method = har_text(request.get("method")).upper() or None
    parsed.request_headers = har_headers(request.get("headers"), f"entry {entry}'s request")
    parsed.received_at = har_time(item.get("startedDateTime"))
    return parsed


def har_summary(item):
    item = item if isinstance(item, dict) else {}
    request = item.get("request") if isinstance(item.get("request"), dict) else {}
    response = item.get("response") if isinstance(item.get("response"), dict) else {}
    status = response.get("status")
    return {
        "method": har_text(request.get("method"))[:10],
        "url": har_text(request.get("url"))[:200],
        "status": status if isinstance(status, int) else None,
    }


def har_headers(headers, where):
    if headers is None:
        return []
    if not isinstance(headers, list) or not all(
        isinstance(h, dict) and isinstance(h.get("name"), str) and isinstance(h.get("value"), str) for h in headers
    ):
        raise InspectError(f'The headers of {where} must be a list of {{"name": ..., "value": ...}} objects.')
    return [(h["name"], h["value"]) for h in headers]


def har_text(value):
    return value if isinstance(value, str) else ""


def har_version(value):
    value = har_text(value).lower()
    if value in ("h2", "http/2", "http/2.0"):
        return "2"
    if value in ("h3", "http/3", "http/3.0"):
        return "3"
    match = re.fullmatch(r"http/([01]\.[0-9])", value)
    return match.group(1) if match else ""


def har_time(value):
    try:
        moment = datetime.fromisoformat(har_text(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def build(head, body, input_format, notes):
    """Parse a response head (status line first) with h11, keeping framing fields aside."""
    if not head:
        raise InspectError("No status line found: the response should start like HTTP/1.1 200 OK.")
    status_match = STATUS_LINE.match(head[0].strip())
    if not status_match:
        raise InspectError(f"The first line is not a status line such as HTTP/1.1 200 OK: {shorten(head[0])}")
    version = status_match.group(1)
    if version in ("2", "2.0", "3", "3.0"):
        notes.append(f"HTTP/{version[0]} response: its fields were read with HTTP/1.1 syntax; the meaning is the same.")
    elif version not in ("1.0", "1.1"):
        raise InspectError(f"HTTP/{version} is not an HTTP version this inspector reads (1.0, 1.1, 2 or 3).")
    code, reason = status_match.group(2), status_match.group(3) or ""
    if int(code) < 100:
        raise InspectError(f"{code} is not a status code: codes are three digits from 100 to 599 (RFC 9110 §15).")
    fields, h11_lines = [], []
    for number, line in enumerate(head[1:], start=2):
        if line[:1] in (" ", "\t") and fields:
            raise InspectError(
                f"Line {number} starts with whitespace (obsolete line folding, RFC 9112 §5.2); "
                "put the value on its header's line."
            )
        match = HEADER_LINE.match(line.strip())
        if not match:
            raise InspectError(f"Line {number} is not a header field (name: value): {shorten(line)}")
        name, value = match.groups()
        fields.append((name, value))
        if name.lower() not in FRAMING_FIELDS:
            h11_lines.append(f"{name}: {value}")
    head_bytes = encode_head([f"HTTP/1.1 {code} {reason}".rstrip()] + h11_lines)
    connection = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_INPUT_BYTES + 1024)
    connection.send(h11.Request(method="HEAD", target="/", headers=[("Host", "inspected.invalid")]))
    connection.receive_data(head_bytes)
    try:
        event = connection.next_event()
    except h11.RemoteProtocolError as error:
        raise InspectError(f"The response head could not be parsed (h11: {error}).") from None
    if not isinstance(event, (h11.Response, h11.InformationalResponse)):
        raise InspectError("The response head is incomplete: it needs a status line and header fields.")
    return ParsedResponse(
        status=event.status_code,
        reason=event.reason.decode("latin-1"),
        http_version=version if "." in version else version[0],
        headers=fields,
        body_present=bool(body.strip()),
        input_format=input_format,
        notes=notes,
    )


def encode_head(lines):
    try:
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    except UnicodeEncodeError:
        for number, line in enumerate(lines, start=1):
            try:
                line.encode("latin-1")
            except UnicodeEncodeError:
                raise InspectError(
                    f"Line {number} has characters HTTP/1.1 fields cannot carry (RFC 9110 §5.5 allows visible "
                    f"ASCII; other octets are opaque): {shorten(line)}"
                ) from None
        raise


def shorten(line, limit=120):
    line = line.strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"
