"""What /try/<code>/ sends for each code: the headers the code needs, and whether it can at all."""
from django.http import HttpResponse

# Codes a WSGI application cannot put on the wire as themselves, and why.
NOT_PRODUCIBLE = {
    1: (
        "1xx responses are interim: a server sends them before the final response on the same "
        "exchange, and the WSGI interface this site runs on can only send one, final, response. "
        "Try `curl -i -H 'Expect: 100-continue' -d @big.file https://...` against a server that "
        "supports it to see a real 100 Continue."
    ),
    444: "nginx's 444 is not a response at all: nginx closes the connection without sending anything, and logs 444.",
    499: "499 exists only in nginx's access log: the client closed the connection before a response was sent, so nothing was sent.",
    460: "AWS load balancers log 460 when the client closed the connection first; no response reaches the client.",
    494: "nginx logs 494 for oversized request headers but sends the client a 400 response.",
    495: "nginx logs 495 for an invalid client certificate but sends the client a 400 response.",
    496: "nginx logs 496 when no client certificate was sent but sends the client a 400 response.",
    497: "nginx logs 497 for plain HTTP sent to an HTTPS port but sends the client a 400 response.",
}

NO_BODY = {204, 205, 304}
LANDING = "/lab/redirects/arrived/"


def why_not_producible(code):
    return NOT_PRODUCIBLE.get(code) or NOT_PRODUCIBLE.get(code // 100 if code < 200 else None)


def build_response(status_code, request):
    """A real response with `status_code.code` and the header fields that go with it."""
    code = status_code.code
    headers = {"Cache-Control": "no-store"}
    body = (
        f"{code} {status_code.reason}\n\n"
        f"This is a real {code} response from the playground to your {request.method} request.\n"
        f"{status_code.summary}\n"
        f"Guide: {request.build_absolute_uri(status_code.get_absolute_url())}\n"
    )
    if status_code.is_redirect or code in {201, 300}:
        headers["Location"] = f"{LANDING}?via={code}"
    if status_code.is_redirect:
        # Redirects keep their default cacheability so the browser behaves as the guide says.
        del headers["Cache-Control"]
    if code == 304:
        headers = {"ETag": '"playground-v1"', "Cache-Control": "no-cache"}
    if code in {429, 503}:
        headers["Retry-After"] = "30"
    if code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="playground", error="invalid_token"'
    if code == 407:
        headers["Proxy-Authenticate"] = 'Basic realm="playground proxy"'
    if code == 405:
        headers["Allow"] = "GET, HEAD, OPTIONS"
    if code == 416:
        headers["Content-Range"] = "bytes */1024"
    if code == 206:
        body = "0123456789"
        headers["Content-Range"] = "bytes 0-9/1024"
    if code == 426:
        body += (
            "\nUpgrade is a hop-by-hop header field: WSGI servers may drop it (gunicorn keeps it only\n"
            "for websocket) and Python's wsgiref refuses it, so it may not reach you here.\n"
        )
        if not request.META.get("SERVER_SOFTWARE", "").startswith("WSGIServer"):
            headers["Upgrade"] = "HTTP/3.0"
    if code == 451:
        headers["Link"] = f'<{request.build_absolute_uri("/codes/451/")}>; rel="blocked-by"'
    if code in NO_BODY or request.method == "HEAD":
        body = ""
    response = HttpResponse(body, status=code, reason=status_code.reason, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response[name] = value
    if code in NO_BODY:
        del response["Content-Type"]
    return response
