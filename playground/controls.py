"""The caller's controls on a /try/ answer, read from the request and checked.

Every reader raises BadControl with a message for the caller when a value is wrong, so the
view can answer 400 instead of guessing; nothing here touches the database.
"""

import re

from django.utils.http import url_has_allowed_host_and_scheme

MAX_SLEEP_MS = 10_000
MAX_RESPONSE_HEADERS = 20
MAX_HEADER_VALUE_LENGTH = 1024
MAX_TARGET_LENGTH = 1024
MAX_RANDOM_ITEMS = 50
MAX_RANDOM_WEIGHT = 100

SLEEP_HEADER = "X-HttpStatus-Sleep"
SUPPRESS_BODY_HEADER = "X-HttpStatus-SuppressBody"
RESPONSE_HEADER_PREFIX = "X-HttpStatus-Response-"

# Response header fields a caller may not set, by why; a trailing * denies the prefix.
DENIED_RESPONSE_HEADERS = {
    "Message framing and hop-by-hop fields belong to the server and the proxies on the way": (
        "Connection",
        "Keep-Alive",
        "Proxy-Connection",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
        "Content-Length",
        "Content-Encoding",
        "Date",
        "Server",
    ),
    "Cookies would be set on this site for everyone who follows a shared link": ("Set-Cookie", "Set-Cookie2"),
    "The site's security policy is not the caller's to relax": (
        "Content-Security-Policy",
        "Content-Security-Policy-Report-Only",
        "Strict-Transport-Security",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-*",
        "Origin-Agent-Cluster",
        "Clear-Site-Data",
        "Alt-Svc",
        "NEL",
        "Report-To",
        "Reporting-Endpoints",
    ),
    "CORS is answered for every origin already": ("Access-Control-*", "Timing-Allow-Origin"),
    "Redirect targets go through ?to=, which keeps them on this site": ("Location", "Content-Location", "Refresh"),
    "Caching fields would let one caller's answer be stored and served to others by a shared cache": (
        "Cache-Control",
        "Expires",
        "Pragma",
        "Age",
        "Surrogate-Control",
        "CDN-Cache-Control",
    ),
    "Instructions to the proxy in front of the site": ("X-Accel-*", "X-Sendfile", "X-LiteSpeed-*"),
}
_DENIED_NAMES = {name.lower() for names in DENIED_RESPONSE_HEADERS.values() for name in names if not name.endswith("*")}
_DENIED_PREFIXES = tuple(
    name[:-1].lower() for names in DENIED_RESPONSE_HEADERS.values() for name in names if name.endswith("*")
)

TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")
# Printable ASCII and tab: RFC 9110 §5.5 lets field values carry obs-text only for old senders.
FIELD_VALUE = re.compile(r"[\t\x20-\x7e]*")
# A path on this site: one slash, then no slash or backslash, then printable ASCII without spaces.
SITE_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")
RANDOM_ITEM = re.compile(r"(?P<first>[0-9]{3})(?:-(?P<last>[0-9]{3}))?(?:\*(?P<weight>[0-9]+))?")


class BadControl(ValueError):
    """A control the caller sent has a value the playground refuses; the message says why."""


def single_query_value(request, name):
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadControl(f"Give ?{name}= once; it was given {len(values)} times.")
    return values[0] if values else None


def query_or_header(request, name, header):
    """(value, where it came from): the query parameter wins over the httpstat.us header."""
    value = single_query_value(request, name)
    if value is not None:
        return value.strip(), f"?{name}="
    value = request.headers.get(header)
    return (value.strip() if value is not None else None), header


def read_sleep(request):
    """Milliseconds to wait before answering, from ?sleep= or the X-HttpStatus-Sleep header."""
    value, source = query_or_header(request, "sleep", SLEEP_HEADER)
    if value is None:
        return 0
    if not re.fullmatch(r"[0-9]+", value):
        raise BadControl(
            f"{source} takes a whole number of milliseconds from 0 to {MAX_SLEEP_MS}, written with the digits 0-9."
        )
    if len(value) > len(str(MAX_SLEEP_MS)) or int(value) > MAX_SLEEP_MS:
        raise BadControl(
            f"{source} is capped at {MAX_SLEEP_MS} ms, so the playground never holds a request longer than 10 seconds."
        )
    return int(value)


def read_suppress_body(request):
    """True when the caller asked for the headers only (httpstat.us's suppressBody)."""
    value, source = query_or_header(request, "suppressBody", SUPPRESS_BODY_HEADER)
    if value is None:
        return False
    if value.lower() not in {"true", "false"}:
        raise BadControl(f"{source} takes true or false.")
    return value.lower() == "true"


def is_denied_header(name):
    lowered = name.lower()
    return lowered in _DENIED_NAMES or lowered.startswith(_DENIED_PREFIXES)


def read_response_headers(request):
    """The (name, value) pairs the caller asked for with X-HttpStatus-Response-<name>: <value>."""
    prefix = RESPONSE_HEADER_PREFIX.lower()
    asked = [(name[len(prefix) :], value) for name, value in request.headers.items() if name.lower().startswith(prefix)]
    if len(asked) > MAX_RESPONSE_HEADERS:
        raise BadControl(
            f"At most {MAX_RESPONSE_HEADERS} {RESPONSE_HEADER_PREFIX}* headers per request; {len(asked)} were sent."
        )
    for name, value in asked:
        if not TOKEN.fullmatch(name):
            raise BadControl(f"{RESPONSE_HEADER_PREFIX}{name}: the part after the prefix must be a header field name.")
        if is_denied_header(name):
            raise BadControl(
                f"The playground does not let callers set {name}; the /try/ page lists the fields it refuses and why."
            )
        if len(value) > MAX_HEADER_VALUE_LENGTH or not FIELD_VALUE.fullmatch(value):
            raise BadControl(
                f"The value for {name} must be printable ASCII and at most {MAX_HEADER_VALUE_LENGTH} characters."
            )
    return asked


def read_redirect_target(request):
    """The path given with ?to=, checked to be a path on this site (no open redirect), or None."""
    target = single_query_value(request, "to")
    if target is None:
        return None
    if len(target) > MAX_TARGET_LENGTH:
        raise BadControl(f"?to= is at most {MAX_TARGET_LENGTH} characters.")
    if not SITE_PATH.fullmatch(target) or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        raise BadControl(
            "?to= takes a path on this site, such as /codes/301/: it must start with a single /, "
            "and may not hold a scheme, a host, a backslash, spaces or control characters."
        )
    return target


def parse_random_codes(spec, producible):
    """Weighted choices from a spec such as "200*9,503" or "200,201,500-504".

    Ranges stand for the producible codes in them; a code named alone must be producible.
    Repeating a code adds to its weight, as httpstat.us's /random/ did. Returns {code: weight}.
    """
    items = spec.split(",")
    if not spec or len(items) > MAX_RANDOM_ITEMS:
        raise BadControl(
            f"/try/random/ takes 1 to {MAX_RANDOM_ITEMS} comma-separated codes or ranges, such as 200,201,500-504 or 200*9,503."
        )
    weights = {}
    for item in items:
        match = RANDOM_ITEM.fullmatch(item.strip())
        if not match:
            raise BadControl(f"{item!r} is not a code (503), a range (500-504) or a weighted one (503*2).")
        first = int(match["first"])
        last = int(match["last"] or first)
        weight = match["weight"]
        if weight is not None and (len(weight) > 3 or not 1 <= int(weight) <= MAX_RANDOM_WEIGHT):
            raise BadControl(f"Weights go from 1 to {MAX_RANDOM_WEIGHT}; {item!r} has {weight}.")
        if not 100 <= first <= last <= 599:
            raise BadControl(f"{item!r}: codes go from 100 to 599, and a range runs from the lower code to the higher.")
        codes = [code for code in range(first, last + 1) if code in producible]
        if match["last"] is None and not codes:
            raise BadControl(f"{first} is not a code the playground can send; see /try/ for the codes it can.")
        if not codes:
            raise BadControl(f"The range {item!r} holds no code the playground can send.")
        for code in codes:
            weights[code] = weights.get(code, 0) + int(weight or 1)
    return weights
