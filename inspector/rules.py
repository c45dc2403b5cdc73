"""Required, forbidden and malformed fields of a response, each rule with the section it comes from."""

import re

from .fields import ENTITY_TAG, TOKEN, CacheControl, delta_seconds, http_date, split_list
from .findings import Spec, error, info, rfc, warning

LOCATION_SECTIONS = {301: "15.4.2", 302: "15.4.3", 303: "15.4.4", 307: "15.4.8", 308: "15.4.9"}
# (status, field, section): RFC 9110 says the server MUST send the field with that status.
REQUIRED_FIELDS = [
    (101, "Upgrade", "15.2.2"),
    (401, "WWW-Authenticate", "15.5.2"),
    (405, "Allow", "15.5.6"),
    (407, "Proxy-Authenticate", "15.5.8"),
    (426, "Upgrade", "15.5.22"),
]
NO_CONTENT_SECTIONS = {204: "15.3.5", 304: "15.4.5"}
RESPONSE_DIRECTIVES = {
    "max-age": rfc(9111, "5.2.2.1"),
    "must-revalidate": rfc(9111, "5.2.2.2"),
    "must-understand": rfc(9111, "5.2.2.3"),
    "no-cache": rfc(9111, "5.2.2.4"),
    "no-store": rfc(9111, "5.2.2.5"),
    "no-transform": rfc(9111, "5.2.2.6"),
    "private": rfc(9111, "5.2.2.7"),
    "proxy-revalidate": rfc(9111, "5.2.2.8"),
    "public": rfc(9111, "5.2.2.9"),
    "s-maxage": rfc(9111, "5.2.2.10"),
    "stale-while-revalidate": rfc(5861, "3"),
    "stale-if-error": rfc(5861, "4"),
    "immutable": rfc(8246, "2"),
}
REQUEST_ONLY_DIRECTIVES = {"max-stale", "min-fresh", "only-if-cached"}
SECONDS_DIRECTIVES = {"max-age", "s-maxage", "stale-while-revalidate", "stale-if-error"}
CONTENT_RANGE = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+ (?:([0-9]+)-([0-9]+)/([0-9]+|\*)|\*/([0-9]+))$")
CSP = Spec("CSP Level 3 §3.1", "https://www.w3.org/TR/CSP3/#csp-header")
NOSNIFF = Spec("Fetch: X-Content-Type-Options", "https://fetch.spec.whatwg.org/#x-content-type-options-header")


def field_findings(response, method):
    """Every required, forbidden and syntax rule that applies to this response."""
    findings = []
    for check in (
        status_rules,
        location_rules,
        framing_rules,
        content_rules,
        date_rules,
        validator_rules,
        retry_after_rules,
        range_rules,
        cache_control_rules,
    ):
        findings.extend(check(response, method))
    return findings


def status_rules(response, method):
    status = response.status
    if status > 599:
        yield error(
            None, f"{status} is outside the status code range: codes are three digits from 100 to 599.", rfc(9110, "15")
        )
    for code, name, section in REQUIRED_FIELDS:
        if status == code and not response.has(name):
            yield error(name, f"A {status} response must carry {name}; this one has none.", rfc(9110, section))
    if status == 405:
        for value in response.values("Allow"):
            bad = [member for member in split_list(value) if not TOKEN.match(member)]
            if bad:
                yield error(
                    "Allow", f"Allow lists method names (tokens); {', '.join(bad)} is not one.", rfc(9110, "10.2.1")
                )
    if status == 401:
        for value in response.values("WWW-Authenticate"):
            if not TOKEN.match(value.split(" ")[0]):
                yield error(
                    "WWW-Authenticate",
                    "A challenge starts with an auth-scheme token, such as Bearer or Basic.",
                    rfc(9110, "11.6.1"),
                )


def location_rules(response, method):
    status, location = response.status, response.first("Location")
    if status == 201 and location is None:
        yield info(
            "Location", "Without Location, the created resource is the request's own target URI.", rfc(9110, "15.3.2")
        )
    if status in LOCATION_SECTIONS and location is None:
        yield error(
            "Location",
            f"A {status} redirect names its target in Location (the server SHOULD send it); "
            "without it no client can follow the redirect.",
            rfc(9110, LOCATION_SECTIONS[status]),
        )
    if location is not None and (not location or re.search(r"[\s<>\"{}|\\^`]", location)):
        yield warning(
            "Location",
            'Location must be a URI reference: spaces and characters such as < > " must be percent-encoded.',
            rfc(9110, "10.2.2"),
        )
    if len(response.values("Location")) > 1:
        yield error(
            "Location", "Location appears more than once; it holds a single URI reference.", rfc(9110, "10.2.2")
        )


def framing_rules(response, method):
    status = response.status
    lengths = response.values("Content-Length")
    members = [member.strip() for value in lengths for member in value.split(",")]
    if lengths:
        if status < 200 or status == 204:
            yield error(
                "Content-Length", f"A server must not send Content-Length in a {status} response.", rfc(9110, "8.6")
            )
        if any(not re.fullmatch(r"[0-9]+", member) for member in members):
            yield error(
                "Content-Length",
                "Content-Length must be a decimal number of octets; a recipient treats an "
                "invalid one as unrecoverable framing and drops the response.",
                rfc(9112, "6.3"),
            )
        elif len(set(members)) > 1:
            yield error(
                "Content-Length",
                f"Conflicting Content-Length values ({', '.join(members)}): the framing is "
                "invalid and a user agent must discard the response.",
                rfc(9112, "6.3"),
            )
        elif len(members) > 1:
            yield warning(
                "Content-Length",
                "Content-Length is repeated with the same value; recipients may reject the message or keep one value.",
                rfc(9110, "8.6"),
            )
    if response.has("Transfer-Encoding"):
        if lengths:
            yield error(
                "Transfer-Encoding",
                "Transfer-Encoding and Content-Length together: a sender must not send "
                "both, and recipients ought to treat it as an error (a sign of request smuggling).",
                rfc(9112, "6.2"),
            )
        if status < 200 or status == 204:
            yield error(
                "Transfer-Encoding",
                f"A server must not send Transfer-Encoding in a {status} response.",
                rfc(9112, "6.1"),
            )
        if response.http_version == "1.0":
            yield warning(
                "Transfer-Encoding", "HTTP/1.0 recipients do not understand Transfer-Encoding.", rfc(9112, "6.1")
            )


def content_rules(response, method):
    status = response.status
    if not response.body_present:
        return
    if status in NO_CONTENT_SECTIONS:
        yield error(
            None,
            f"A {status} response cannot contain content, but this one has some after the header fields.",
            rfc(9110, NO_CONTENT_SECTIONS[status]),
        )
    elif status < 200:
        yield error(None, "An informational (1xx) response has no content.", rfc(9110, "15.2"))
    elif method == "HEAD":
        yield error(None, "A response to HEAD has no content.", rfc(9110, "9.3.2"))
    elif not response.has("Content-Type"):
        yield warning(
            "Content-Type",
            "The response has content but no Content-Type, so recipients must guess its media type.",
            rfc(9110, "8.3"),
        )


def date_rules(response, method):
    dates = {}
    for name in ("Date", "Expires", "Last-Modified"):
        for value in response.values(name)[:1]:
            moment, kind = http_date(value)
            dates[name] = moment
            if kind == "invalid":
                consequence = (
                    " Caches treat an invalid Expires as already expired (RFC 9111 §5.3)." if name == "Expires" else ""
                )
                yield error(
                    name,
                    f"{name}: {value} is not an HTTP-date such as Sun, 06 Nov 1994 08:49:37 GMT." + consequence,
                    rfc(9110, "5.6.7"),
                )
            elif kind == "obsolete":
                yield warning(
                    name,
                    f"{name} uses an obsolete date format; senders must generate IMF-fixdate "
                    "(Sun, 06 Nov 1994 08:49:37 GMT).",
                    rfc(9110, "5.6.7"),
                )
        if len(response.values(name)) > 1:
            yield warning(name, f"{name} appears more than once; it is a single date.", rfc(9110, "5.3"))
    if "Date" not in dates and 200 <= response.status < 500:
        yield warning(
            "Date",
            "No Date: an origin server with a clock must send Date in 2xx, 3xx and 4xx responses; "
            "caches then count age from when they received it.",
            rfc(9110, "6.6.1"),
        )
    if dates.get("Last-Modified") and dates.get("Date") and dates["Last-Modified"] > dates["Date"]:
        yield error(
            "Last-Modified",
            "Last-Modified is later than Date; an origin server must not send a modification time in its own future.",
            rfc(9110, "8.8.2.1"),
        )


def validator_rules(response, method):
    tags = response.values("ETag")
    for value in tags[:1]:
        if not ENTITY_TAG.match(value):
            hint = ' It needs double quotes: ETag: "' + value.strip('"') + '".' if '"' not in value.strip('"') else ""
            yield error(
                "ETag",
                f"ETag: {value} is not an entity-tag (an optional W/ and a quoted string).{hint}",
                rfc(9110, "8.8.3"),
            )
    if len(tags) > 1:
        yield error("ETag", "ETag appears more than once; a response has one current entity-tag.", rfc(9110, "8.8.3"))


def retry_after_rules(response, method):
    for value in response.values("Retry-After")[:1]:
        if delta_seconds(value.strip()) is not None:
            continue
        moment, kind = http_date(value)
        if kind == "invalid":
            yield error(
                "Retry-After",
                f"Retry-After: {value} is neither a number of seconds nor an HTTP-date.",
                rfc(9110, "10.2.3"),
            )
        elif kind == "obsolete":
            yield warning(
                "Retry-After",
                "Retry-After uses an obsolete date format; send IMF-fixdate or seconds.",
                rfc(9110, "5.6.7"),
            )
    if response.status in (429, 503) and not response.has("Retry-After"):
        spec = rfc(6585, "4") if response.status == 429 else rfc(9110, "15.6.4")
        yield info(
            "Retry-After",
            f"A {response.status} may say when to come back with Retry-After; without it clients guess.",
            spec,
        )


def range_rules(response, method):
    status, value = response.status, response.first("Content-Range")
    content_type = (response.first("Content-Type") or "").lower()
    if status == 206 and value is None and not content_type.startswith("multipart/byteranges"):
        yield error(
            "Content-Range",
            "A single-part 206 must carry Content-Range (or be multipart/byteranges, whose parts carry it).",
            rfc(9110, "15.3.7"),
        )
    if status == 416 and value is None:
        yield warning(
            "Content-Range",
            "A 416 should carry Content-Range: bytes */length with the current length.",
            rfc(9110, "15.5.17"),
        )
    if value is not None:
        match = CONTENT_RANGE.match(value.strip())
        if not match:
            yield error(
                "Content-Range",
                f"Content-Range: {value} is not unit first-last/length or unit */length.",
                rfc(9110, "14.4"),
            )
        elif match.group(1) is not None:
            first, last, length = int(match.group(1)), int(match.group(2)), match.group(3)
            if last < first or (length != "*" and last >= int(length)):
                yield error(
                    "Content-Range",
                    f"Content-Range: {value} is an invalid range: last must be at least first and below the length.",
                    rfc(9110, "14.4"),
                )
            if status == 416:
                yield warning(
                    "Content-Range", "A 416 describes no range: its Content-Range is */length.", rfc(9110, "15.5.17")
                )


def cache_control_rules(response, method):
    cc = CacheControl(response.values("Cache-Control"))
    for member in cc.malformed:
        yield warning(
            "Cache-Control",
            f"'{member}' is not a directive (token, optionally = token or quoted-string).",
            rfc(9111, "5.2"),
        )
    seen = set()
    for name, argument in cc.directives:
        if name in seen:
            continue
        seen.add(name)
        if name in REQUEST_ONLY_DIRECTIVES:
            yield warning(
                "Cache-Control", f"{name} is a request directive; in a response caches ignore it.", rfc(9111, "5.2.1")
            )
        elif name not in RESPONSE_DIRECTIVES:
            yield warning(
                "Cache-Control",
                f"Unknown directive {name}: caches must ignore directives they do not recognise.",
                rfc(9111, "5.2.3"),
            )
        elif name in SECONDS_DIRECTIVES and delta_seconds(argument) is None:
            yield error(
                "Cache-Control", f"{name} needs a number of seconds, as in {name}=3600.", RESPONSE_DIRECTIVES[name]
            )
        elif name in SECONDS_DIRECTIVES and name in cc.quoted:
            yield warning(
                "Cache-Control",
                f'{name}="{argument}": senders must use the token form {name}={argument}; caches ought to accept both.',
                rfc(9111, "5.2"),
            )
    if "max-age" in cc and "no-store" in cc:
        yield info("Cache-Control", "no-store wins over max-age: nothing is stored.", rfc(9111, "5.2.2.5"))
    for name in cc.duplicated():
        yield warning(
            "Cache-Control",
            f"{name} appears more than once; caches use the first or treat the response as stale.",
            rfc(9111, "4.2.1"),
        )
    if response.has("Expires") and "max-age" in cc:
        yield info("Expires", "max-age is present, so caches ignore Expires.", rfc(9111, "5.3"))
    if response.has("Pragma"):
        yield info(
            "Pragma",
            "Pragma is a deprecated request field; in a response it has no defined meaning, and "
            "Cache-Control is what caches read.",
            rfc(9111, "5.4"),
        )
    if response.has("Age") and delta_seconds(response.first("Age").strip()) is None:
        yield warning("Age", "Age must be a number of seconds; caches ignore an invalid one.", rfc(9111, "5.1"))


def security_findings(response):
    """Short notes on HSTS, CSP and nosniff: what the values do, or what their absence means."""
    if response.status < 200:
        return []
    findings = []
    hsts = response.values("Strict-Transport-Security")
    if hsts:
        directives = dict(
            (name.strip().lower(), value.strip().strip('"'))
            for name, _, value in (part.partition("=") for part in hsts[0].split(";"))
            if name.strip()
        )
        seconds = delta_seconds(directives.get("max-age"))
        if seconds is None:
            findings.append(
                error(
                    "Strict-Transport-Security",
                    "HSTS needs max-age=seconds; browsers ignore it without.",
                    rfc(6797, "6.1.1"),
                )
            )
        elif seconds == 0:
            findings.append(
                info(
                    "Strict-Transport-Security",
                    "max-age=0 tells browsers to forget this host's HSTS.",
                    rfc(6797, "6.1.1"),
                )
            )
        else:
            scope = " and its subdomains" if "includesubdomains" in directives else ""
            findings.append(
                info(
                    "Strict-Transport-Security",
                    f"Browsers that got this over HTTPS use only HTTPS for this host{scope} for {seconds} s.",
                    rfc(6797, "6.1"),
                )
            )
        if len(hsts) > 1:
            findings.append(
                warning("Strict-Transport-Security", "Only the first HSTS field is processed.", rfc(6797, "8.1"))
            )
    else:
        findings.append(
            info(
                "Strict-Transport-Security",
                "No HSTS: sent over HTTPS, it would make browsers use "
                "HTTPS for this host on later visits, even from http:// links.",
                rfc(6797, "6.1"),
            )
        )
    policies = response.values("Content-Security-Policy")
    if policies:
        for policy in policies:
            directives = {part.split()[0].lower(): part.split()[1:] for part in policy.split(";") if part.split()}
            sources = directives.get("script-src", directives.get("default-src", []))
            weak = [source for source in sources if source.lower() in ("'unsafe-inline'", "'unsafe-eval'")]
            if weak:
                findings.append(
                    warning(
                        "Content-Security-Policy",
                        f"Scripts allow {' and '.join(weak)}, which undoes "
                        "much of the protection against injected script.",
                        CSP,
                    )
                )
    elif (response.first("Content-Type") or "").lower().startswith("text/html"):
        findings.append(
            info(
                "Content-Security-Policy",
                "An HTML response without a Content-Security-Policy: nothing limits where its scripts may come from.",
                CSP,
            )
        )
    nosniff = response.first("X-Content-Type-Options")
    if nosniff is None:
        findings.append(
            info(
                "X-Content-Type-Options",
                "Without X-Content-Type-Options: nosniff, browsers may run a "
                "script or apply a stylesheet served with a wrong Content-Type instead of blocking it.",
                NOSNIFF,
            )
        )
    elif nosniff.strip().lower() != "nosniff":
        findings.append(
            warning("X-Content-Type-Options", f"The only defined value is nosniff, not {nosniff}.", NOSNIFF)
        )
    return findings
