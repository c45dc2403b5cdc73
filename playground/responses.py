"""What /try/<code>/ sends for each code: the header fields the code needs, and a body in the format asked for."""

import json

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse
from django.template.loader import render_to_string

from config.context_processors import absolute_url

RFC9110 = "https://www.rfc-editor.org/rfc/rfc9110#section-"

# Codes no server can put on the wire as a final answer to /try/, and why.
NOT_PRODUCIBLE = {
    1: (
        "1xx responses are interim: a server sends them before the final response on the same "
        "exchange, and neither WSGI nor Django's ASGI handler lets an application send one. The "
        "server sends a real 100 Continue itself: `curl -i -H 'Expect: 100-continue' -d 'a=1' "
        "https://.../try/200/` shows it before the 200."
    ),
    444: "nginx's 444 is not a response at all: nginx closes the connection without sending anything, and logs 444.",
    499: "499 exists only in nginx's access log: the client closed the connection before a response was sent, so nothing was sent.",
    460: "AWS load balancers log 460 when the client closed the connection first; no response reaches the client.",
    494: "nginx logs 494 for oversized request headers but sends the client a 400 response.",
    495: "nginx logs 495 for an invalid client certificate but sends the client a 400 response.",
    496: "nginx logs 496 when no client certificate was sent but sends the client a 400 response.",
    497: "nginx logs 497 for plain HTTP sent to an HTTPS port but sends the client a 400 response.",
}

NO_CONTENT = {204, 205, 304}
LANDING = "/lab/redirects/arrived/"
LOCATION_CODES = {201, 300, 301, 302, 303, 307, 308}
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# PEP 3333 forbids WSGI applications these RFC 2616 hop-by-hop fields (Python's wsgiref
# refuses them, gunicorn drops them); ASGI servers pass them on.
WSGI_FORBIDDEN = {"Proxy-Authenticate", "Upgrade", "Connection"}
MEDIA_TYPES = ["text/plain", "application/json", "text/html"]


def why_not_producible(code):
    return NOT_PRODUCIBLE.get(code) or NOT_PRODUCIBLE.get(code // 100 if code < 200 else None)


def allowed_methods(request):
    """Every method but the one that got the 405 (and its GET/HEAD twin), so Allow never contradicts it."""
    refused = {"GET", "HEAD"} if request.method in {"GET", "HEAD"} else {request.method}
    return ", ".join(method for method in METHODS if method not in refused)


# code: [(field, value or value(request, target), citation)]; rendered on /try/ and sent by build_response.
HEADER_FIELDS = {
    201: [("Location", lambda request, target: target or f"{LANDING}?via=201", RFC9110 + "15.3.2")],
    206: [("Content-Range", "bytes 0-9/1024", RFC9110 + "15.3.7")],
    300: [("Location", lambda request, target: target or f"{LANDING}?via=300", RFC9110 + "15.4.1")],
    301: [("Location", lambda request, target: target or f"{LANDING}?via=301", RFC9110 + "15.4.2")],
    302: [("Location", lambda request, target: target or f"{LANDING}?via=302", RFC9110 + "15.4.3")],
    303: [("Location", lambda request, target: target or f"{LANDING}?via=303", RFC9110 + "15.4.4")],
    304: [("ETag", '"playground-v1"', RFC9110 + "15.4.5")],
    307: [("Location", lambda request, target: target or f"{LANDING}?via=307", RFC9110 + "15.4.8")],
    308: [("Location", lambda request, target: target or f"{LANDING}?via=308", RFC9110 + "15.4.9")],
    401: [("WWW-Authenticate", 'Bearer realm="playground", error="invalid_token"', RFC9110 + "15.5.2")],
    405: [("Allow", lambda request, target: allowed_methods(request), RFC9110 + "15.5.6")],
    407: [("Proxy-Authenticate", 'Basic realm="playground proxy"', RFC9110 + "15.5.8")],
    416: [("Content-Range", "bytes */1024", RFC9110 + "15.5.17")],
    426: [
        ("Upgrade", "HTTP/3.0", RFC9110 + "15.5.22"),
        ("Connection", "Upgrade", RFC9110 + "7.8"),
    ],
    429: [("Retry-After", "30", "https://www.rfc-editor.org/rfc/rfc6585#section-4")],
    451: [
        (
            "Link",
            lambda request, target: f'<{absolute_url("/codes/451/")}>; rel="blocked-by"',
            "https://www.rfc-editor.org/rfc/rfc7725#section-4",
        )
    ],
    503: [("Retry-After", "30", RFC9110 + "15.6.4")],
}


def header_fields(code, request, target=None):
    """The (field, value, citation) triples a `code` answer carries on this request."""
    return [
        (name, value(request, target) if callable(value) else value, citation)
        for name, value, citation in HEADER_FIELDS.get(code, [])
    ]


def body_for(status_code, request, media_type, withheld):
    """The answer's content in the negotiated media type (the server drops it for HEAD)."""
    code = status_code.code
    guide = absolute_url(status_code.get_absolute_url())
    # A HEAD answer describes the GET's content, so its Content-Length is the GET's.
    method = "GET" if request.method == "HEAD" else request.method
    if code == 206:
        return "0123456789"
    if media_type == "application/json":
        return json.dumps(
            {"code": code, "reason": status_code.reason, "description": status_code.summary, "guide": guide}
        )
    notes = [
        f"{name} is a hop-by-hop field in PEP 3333, so this WSGI server may not send it; "
        "the ASGI server behind `make serve` does."
        for name in withheld
    ]
    if media_type == "text/html":
        return render_to_string(
            "playground/try.html",
            {"code": status_code, "method": method, "notes": notes},
            request=request,
        )
    lines = [
        f"{code} {status_code.reason}",
        "",
        f"This is a real {code} response from the playground to your {method} request.",
        status_code.summary,
        f"Guide: {guide}",
        *notes,
    ]
    return "\n".join(lines) + "\n"


def message_response(request, status, reason, message, **json_fields):
    """A short answer explaining a refusal, in the format the caller's Accept asks for."""
    media_type = request.get_preferred_type(MEDIA_TYPES) or "text/plain"
    if media_type == "application/json":
        body = json.dumps({"code": status, "reason": reason, "description": message, **json_fields})
    elif media_type == "text/html":
        body = render_to_string(
            "playground/refused.html",
            {
                "status": status,
                "reason": reason,
                "title": f"{status} {reason}",
                "message": message,
            },
            request=request,
        )
    else:
        body = f"{status} {reason}\n\n{message}\n"
    response = HttpResponse(body, status=status, content_type=f"{media_type}; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Vary"] = "Accept"
    return response


def build_response(status_code, request, target=None, extra_headers=(), suppress_body=False):
    """A real response with `status_code.code`, the header fields that go with it, and the caller's extras."""
    code = status_code.code
    over_asgi = isinstance(request, ASGIRequest)
    fields = header_fields(code, request, target)
    withheld = [] if over_asgi else sorted({name for name, _, _ in fields if name in WSGI_FORBIDDEN} - {"Connection"})
    media_type = "text/plain" if code == 206 else (request.get_preferred_type(MEDIA_TYPES) or "text/plain")
    body = "" if code in NO_CONTENT or suppress_body else body_for(status_code, request, media_type, withheld)
    response = HttpResponse(body, status=code, reason=status_code.reason, content_type=f"{media_type}; charset=utf-8")
    response["Vary"] = "Accept"
    # Shared caches never store a playground answer; redirects stay cacheable by the browser
    # alone, so it treats a 301 or 308 the way the guide says it does.
    response["Cache-Control"] = "private" if code in LOCATION_CODES - {201} else "no-store"
    for name, value, _ in fields:
        if over_asgi or name not in WSGI_FORBIDDEN:
            response[name] = value
    if code == 304:
        response["Cache-Control"] = "no-cache"
    if code in NO_CONTENT:
        del response["Content-Type"]
    for name, value in extra_headers:
        response[name] = value
    return response
