"""Access logs explained: nginx/Apache combined, AWS ALB and Cloudflare Logpush JSON lines.

Formats:
- combined: https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format (Apache's
  "combined" LogFormat is the same line; Apache's common format is accepted too);
- AWS ALB: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
  (space-separated, quoted request; elb_status_code is what the client got);
- Cloudflare: https://developers.cloudflare.com/logs/reference/log-fields/zone/http_requests/
  (one JSON object per line; EdgeResponseStatus is what the client got).
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

MAX_LINES = 5000
MAX_LOG_BYTES = 1024 * 1024  # 5,000 combined lines of about 200 bytes each
TOP_PATHS = 5
CHART_CODES = 20
CLIENT_CLOSED = {"combined": 499, "cloudflare": 499, "alb": 460}
BURST_WINDOW = timedelta(seconds=60)
BURST_SIZE = 5
CHAIN_GAP = timedelta(seconds=5)
SERVER_ERROR_SHARE = 0.01  # the share of 5xx worth raising, a threshold chosen here (not a standard)
FORMATS = {
    "combined": "nginx / Apache combined",
    "alb": "AWS Application Load Balancer",
    "cloudflare": "Cloudflare (JSON lines)",
}

COMBINED = re.compile(
    r'^(?P<client>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>(?:[^"\\]|\\.)*)" (?P<status>[0-9]{3}) \S+'
    r'(?: "(?:[^"\\]|\\.)*" "(?P<agent>(?:[^"\\]|\\.)*)")?'
)
ALB_TOKEN = re.compile(r'"[^"]*"|\S+')
ALB_TYPES = {"http", "https", "h2", "grpcs", "ws", "wss"}


class LogError(ValueError):
    """Log text that cannot be explained; the message says why."""

    status = 400


class TooManyLines(LogError):
    status = 413


@dataclass
class LogRecord:
    line: int
    client: str
    time: datetime | None
    method: str | None
    path: str | None
    status: int


def parse_combined(line, number):
    match = COMBINED.match(line)
    if not match:
        return None
    try:
        moment = datetime.strptime(match.group("time"), "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        moment = None
    method, path = split_request(match.group("request"))
    client = match.group("client") + " " + (match.group("agent") or "")
    return LogRecord(number, client, moment, method, path, int(match.group("status")))


def parse_alb(line, number):
    tokens = ALB_TOKEN.findall(line)
    if len(tokens) < 13 or tokens[0] not in ALB_TYPES or not re.fullmatch(r"[0-9]{3}", tokens[8]):
        return None
    moment = parse_iso(tokens[1])
    method, target = split_request(tokens[12].strip('"'))
    path = urlsplit(target).path or "/" if target else None
    agent = tokens[13].strip('"') if len(tokens) > 13 else ""
    return LogRecord(number, tokens[3].rsplit(":", 1)[0] + " " + agent, moment, method, path, int(tokens[8]))


def parse_cloudflare(line, number):
    if not line.startswith("{"):
        return None
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        return None
    status = item.get("EdgeResponseStatus") if isinstance(item, dict) else None
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        return None
    uri = item.get("ClientRequestURI")
    method = item.get("ClientRequestMethod")
    started, moment = item.get("EdgeStartTimestamp"), None
    if isinstance(started, (int, float)) and not isinstance(started, bool):
        # Logpush sends Unix nanoseconds or seconds, by job option; 1e11 s is year 5138.
        scale = next((scale for scale in (1, 1e3, 1e6, 1e9) if abs(started) / scale < 1e11), None)
        moment = from_timestamp(started / scale) if scale else None
    elif isinstance(started, str):
        moment = parse_iso(started)
    client = f"{item.get('ClientIP', '')} {item.get('ClientRequestUserAgent', '')}"
    return LogRecord(
        number,
        client,
        moment,
        method if isinstance(method, str) else None,
        urlsplit(uri).path if isinstance(uri, str) else None,
        status,
    )


PARSERS = {"cloudflare": parse_cloudflare, "alb": parse_alb, "combined": parse_combined}


def split_request(request):
    parts = request.split(" ")
    if len(parts) == 3 and re.fullmatch(r"[A-Z]{1,20}", parts[0]):
        return parts[0], parts[1]
    return None, None


def parse_iso(value):
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def from_timestamp(seconds):
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def detect(lines):
    """The format most of the first lines parse as, or None."""
    sample = [(number, line) for number, line in lines[:50]]
    scores = {name: sum(1 for number, line in sample if parser(line, number)) for name, parser in PARSERS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else None


@dataclass
class Finding:
    level: str
    title: str
    message: str
    links: list  # [(label, url)]


@dataclass
class LogSummary:
    log_format: str
    records: list
    skipped: list  # line numbers that did not parse
    findings: list = field(default_factory=list)

    @property
    def format_label(self):
        return FORMATS[self.log_format]

    @property
    def total(self):
        return len(self.records)

    def by_class(self):
        counts = Counter(f"{record.status // 100}xx" for record in self.records)
        return [ClassRow(name, counts[name], share(counts[name], self.total)) for name in sorted(counts)]

    def code_rows(self):
        """(code, count, [(path, count)] of its most frequent paths), by code."""
        paths = defaultdict(Counter)
        for record in self.records:
            paths[record.status][record.path or "(no path)"] += 1
        return [
            (code, sum(counter.values()), counter.most_common(TOP_PATHS)) for code, counter in sorted(paths.items())
        ]

    def as_json(self):
        return {
            "format": self.log_format,
            "lines": self.total + len(self.skipped),
            "parsed": self.total,
            "skipped_lines": self.skipped[:20],
            "codes": [
                {
                    "code": code,
                    "count": count,
                    "share": share(count, self.total),
                    "top_paths": [{"path": path, "count": n} for path, n in paths],
                }
                for code, count, paths in self.code_rows()
            ],
            "classes": [{"class": row.name, "count": row.count, "share": row.share} for row in self.by_class()],
            "findings": [
                {"level": f.level, "title": f.title, "message": f.message, "links": [url for _, url in f.links]}
                for f in self.findings
            ],
        }


@dataclass
class ClassRow:
    name: str
    count: int
    share: float

    @property
    def percent(self):
        return f"{self.share:.1%}"


def share(count, total):
    return round(count / total, 4) if total else 0.0


def explain_log(text, log_format=None):
    """Parse up to MAX_LINES lines in one format (given or detected) and find what is worth acting on."""
    raw_lines = text.replace("\r\n", "\n").split("\n")
    lines = [(number, line.strip()) for number, line in enumerate(raw_lines, start=1) if line.strip()]
    if not lines:
        raise LogError("Paste some access log lines: nginx or Apache combined, AWS ALB, or Cloudflare JSON lines.")
    if len(lines) > MAX_LINES:
        raise TooManyLines(f"At most {MAX_LINES:,} lines at a time; this has {len(lines):,}.")
    if log_format is None:
        log_format = detect(lines)
        if log_format is None:
            first = lines[0][1]
            raise LogError(
                "No line looks like an nginx/Apache combined, AWS ALB or Cloudflare JSON log line. "
                f"The first line starts: {first[:100]}"
            )
    parser = PARSERS[log_format]
    records, skipped = [], []
    for number, line in lines:
        record = parser(line, number)
        if record and 100 <= record.status <= 599:
            records.append(record)
        else:
            skipped.append(number)
    if not records:
        raise LogError(f"None of the lines is a {FORMATS[log_format]} log line.")
    summary = LogSummary(log_format, records, skipped)
    summary.findings = [finding for check in FINDINGS if (finding := check(summary)) is not None]
    return summary


def client_closed(summary):
    code = CLIENT_CLOSED[summary.log_format]
    closed = [record for record in summary.records if record.status == code]
    if not closed:
        return None
    times = sorted(record.time for record in closed if record.time)
    burst, start = 0, 0
    for end in range(len(times)):
        while times[end] - times[start] > BURST_WINDOW:
            start += 1
        burst = max(burst, end - start + 1)
    paths = Counter(record.path or "(no path)" for record in closed).most_common(3)
    where = ", ".join(f"{path} ({n})" for path, n in paths)
    message = f"{len(closed)} requests ended with {code}: the client closed the connection before the response came. "
    if burst >= BURST_SIZE:
        message += f"Up to {burst} of them fell within one minute, a burst. "
    message += (
        "Clients (or the proxy in front) give up sooner than the upstream answers: make the slow path faster, "
        f"or align the client timeout with the upstream's. Most affected: {where}."
    )
    level = "warning" if burst >= BURST_SIZE else "info"
    return Finding(
        level,
        f"{code}: clients gave up",
        message,
        [(f"{code} guide", f"/codes/{code}/"), ("499 vs 504", "/compare/499-vs-504/")],
    )


def server_errors(summary):
    errors = [record for record in summary.records if record.status >= 500]
    if not errors:
        return None
    ratio = share(len(errors), summary.total)
    counts = Counter(record.status for record in errors).most_common()
    detail = ", ".join(f"{code}: {n}" for code, n in counts)
    level = "warning" if ratio >= SERVER_ERROR_SHARE else "info"
    links = [(f"{code} guide", f"/codes/{code}/") for code, _ in counts[:3]]
    return Finding(
        level,
        f"5xx: {ratio:.1%} of requests",
        f"{len(errors)} of {summary.total} requests failed on the server side ({detail}). Each code's guide "
        "lists what usually produces it and how to diagnose it.",
        links,
    )


def redirect_chains(summary):
    """Two or more redirects in a row to the same client within CHAIN_GAP: inferred, since logs lack Location."""
    by_client = defaultdict(list)
    for record in summary.records:
        if record.time:
            by_client[record.client].append(record)
    chains = []
    for records in by_client.values():
        records.sort(key=lambda record: (record.time, record.line))
        run = []
        for record in records:
            if run and record.time - run[-1].time > CHAIN_GAP:
                if len(run) >= 2:
                    chains.append(run)
                run = []
            if 300 <= record.status < 400 and record.status != 304:
                run.append(record)
            else:
                if len(run) >= 2:
                    chains.append(run + [record])
                run = []
        if len(run) >= 2:
            chains.append(run)
    if not chains:
        return None
    example = " → ".join(f"{record.path} ({record.status})" for record in chains[0][:5])
    return Finding(
        "warning",
        f"Redirect chains: {len(chains)}",
        f"{len(chains)} time{'s' if len(chains) != 1 else ''} a client got two or more redirects in a row "
        f"within {CHAIN_GAP.seconds} s, "
        f"for example {example}. Each hop costs a round trip; point the first redirect at the final URL. "
        "(Logs do not record Location, so chains are inferred from each client's request order.)",
        [("301 guide", "/codes/301/"), ("Redirect lab: chains", "/lab/redirects/")],
    )


def found_on_post(summary):
    posts = [record for record in summary.records if record.method == "POST" and record.status == 302]
    if not posts:
        return None
    paths = Counter(record.path or "(no path)" for record in posts).most_common(3)
    where = ", ".join(f"{path} ({n})" for path, n in paths)
    return Finding(
        "warning",
        f"302 after POST: {len(posts)}",
        f"{len(posts)} POST requests were answered with 302 ({where}). Browsers turn the follow-up into a "
        'GET, which RFC 9110 allows but does not promise: send 303 to say "now GET the result", or 307 '
        "to repeat the POST.",
        [("302 vs 303", "/compare/302-vs-303/"), ("302 vs 307", "/compare/302-vs-307/")],
    )


def not_modified_ratio(summary):
    gets = [record for record in summary.records if record.method in ("GET", None) and record.status in (200, 304)]
    if not gets:
        return None
    revalidated = sum(1 for record in gets if record.status == 304)
    ratio = share(revalidated, len(gets))
    message = f"{revalidated} of {len(gets)} successful GETs ({ratio:.1%}) were answered 304 Not Modified. "
    if ratio >= 0.5:
        message += (
            "Most conditional requests found nothing changed: a longer max-age (or immutable for versioned "
            "assets) saves those round trips."
        )
    elif revalidated == 0 and len(gets) >= 100:
        message += "None were: check that responses carry ETag or Last-Modified, so clients can revalidate."
    elif revalidated:
        message += "Each saved a download but not the round trip, which freshness (max-age) would save."
    return Finding(
        "info",
        f"304 ratio: {ratio:.1%}",
        message,
        [("304 guide", "/codes/304/"), ("200 vs 304", "/compare/200-vs-304/")],
    )


FINDINGS = [client_closed, server_errors, redirect_chains, found_on_post, not_modified_ratio]


@dataclass
class Bar:
    code: int
    count: int
    y: int
    width: int
    label_x: int

    @property
    def css_class(self):
        return f"bar-{self.code // 100}xx"


def chart(summary, width=600, bar_height=18, gap=6, left=48, right=70):
    """Geometry of a horizontal bar chart of the most frequent codes, drawn as SVG by the template."""
    counts = sorted(((code, count) for code, count, _ in summary.code_rows()), key=lambda item: -item[1])[:CHART_CODES]
    counts.sort()
    largest = max(count for _, count in counts)
    span = width - left - right
    bars = []
    for index, (code, count) in enumerate(counts):
        bar_width = max(1, round(span * count / largest))
        bars.append(Bar(code, count, gap + index * (bar_height + gap), bar_width, left + bar_width + 6))
    return {
        "bars": bars,
        "width": width,
        "height": gap + len(bars) * (bar_height + gap),
        "left": left,
        "bar_height": bar_height,
        "text_offset": bar_height - 5,
    }
