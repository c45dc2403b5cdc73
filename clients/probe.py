"""The endpoints `measure_clients` points real clients at: redirects, an echo of what arrived,
endless chains, loops, retryable errors and an auth challenge.

They read what is sent and store nothing but a per-run record of attempts in Django's cache (for
counting hops and retries), so CSRF protection has nothing to protect, and no response is cached.
They answer CORS preflights so Chromium's fetch() can follow a redirect to the other origin.
"""

import re
import time
from base64 import b64encode
from urllib.parse import urlsplit

from csp.decorators import csp_exempt
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

PROBE = "/clients/probe"
RUN_RE = re.compile(r"^[a-z0-9-]{1,40}$")
REDIRECT_CODES = {300, 301, 302, 303, 307, 308}
RETRY_CODES = {429, 500, 503}
LONGEST_CHAIN = 200  # an endless chain ends here, so a client without a limit still stops
MAX_BODY_BYTES = 2048
BASIC_CREDENTIALS = ("probe", "secret")
RUN_SECONDS = 600


def probe_view(view):
    """No CSRF, no CSP (the probe pages are read by scripts the harness runs), no caching unless the view
    says otherwise, CORS open."""

    @csrf_exempt
    @csp_exempt()
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif "run" in kwargs and not RUN_RE.match(kwargs["run"]):
            response = bad_request("A run is lower-case letters, digits and dashes.")
        else:
            response = view(request, *args, **kwargs)
        response.setdefault("Cache-Control", "no-store")
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE"
        response["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
        return response

    wrapper.__name__ = view.__name__
    return wrapper


def origin(request, cross=False):
    """This site's origin as the client sees it, or the other loopback name for the same port."""
    name, _, port = request.get_host().partition(":")
    port = port or urlsplit(settings.SITE_URL).port
    if cross:
        name = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}.get(name, name)
    return f"{request.scheme}://{name}" + (f":{port}" if port else "")


def record(run, **event):
    """Append one request to the run's record (attempt times, hops, credentials seen)."""
    key = f"clients-probe:{run}"
    events = cache.get(key, [])
    events.append({"at": time.time(), **event})
    cache.set(key, events, RUN_SECONDS)
    return len(events)


def bad_request(message):
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


@probe_view
def echo(request):
    """What arrived: method, body, Content-Type, Authorization, Cookie, host."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY_BYTES:
        return bad_request(f"The probe reads at most {MAX_BODY_BYTES} bytes.")
    return JsonResponse(
        {
            "probe": "echo",
            "method": request.method,
            "body": request.body[:MAX_BODY_BYTES].decode("utf-8", errors="replace"),
            "content_type": request.headers.get("Content-Type"),
            "authorization": request.headers.get("Authorization"),
            "cookie": request.headers.get("Cookie"),
            "host": request.get_host(),
            "query": request.GET.urlencode(),
        }
    )


@probe_view
def redirect(request, code):
    code = int(code)
    if code not in REDIRECT_CODES:
        return bad_request(f"The probe redirects with {', '.join(map(str, sorted(REDIRECT_CODES)))}, not {code}.")
    to = request.GET.get("to", "same")
    locations = {
        "same": f"{origin(request)}{PROBE}/echo/?via={code}",
        "cross": f"{origin(request, cross=True)}{PROBE}/echo/?via={code}",
        "relative": f"../../echo/?via={code}",
        "fragment": f"{PROBE}/echo/?via={code}#part",
        "none": None,
    }
    if to not in locations:
        return bad_request(f"to= is one of {', '.join(locations)}.")
    response = HttpResponse(f"{code} from the probe\n", status=code, content_type="text/plain; charset=utf-8")
    if locations[to]:
        response["Location"] = locations[to]
    return response


@probe_view
def hops(request, run, hop):
    """An endless chain: hop n redirects to hop n + 1 (until LONGEST_CHAIN)."""
    hop = int(hop)
    if hop > LONGEST_CHAIN:
        return bad_request(f"A chain ends at {LONGEST_CHAIN}.")
    record(run, hop=hop)
    if hop == LONGEST_CHAIN:
        return HttpResponse("The chain ends here.\n", content_type="text/plain; charset=utf-8")
    return redirect_to(f"{PROBE}/hops/{run}/{hop + 1}/")


@probe_view
def loop(request, run, side):
    if record(run, side=side) > LONGEST_CHAIN:
        return HttpResponse("The loop ends here.\n", content_type="text/plain; charset=utf-8")
    return redirect_to(f"{PROBE}/loop/{run}/{'b' if side == 'a' else 'a'}/")


def redirect_to(location):
    response = HttpResponse(status=302)
    response["Location"] = location
    return response


@probe_view
def retry(request, code, run):
    """The first attempt gets `code` with Retry-After (seconds or an HTTP-date), later ones 200."""
    code = int(code)
    after = request.GET.get("after", "seconds")
    if code not in RETRY_CODES or after not in ("seconds", "date"):
        return bad_request(f"retry/<{'|'.join(map(str, sorted(RETRY_CODES)))}>/<run>/?after=seconds|date")
    if record(run, method=request.method) > 1:
        return HttpResponse("Second attempt: fine now.\n", content_type="text/plain; charset=utf-8")
    response = HttpResponse(f"{code}: try again later.\n", status=code, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "1" if after == "seconds" else http_date(time.time() + 2)
    return response


@probe_view
def auth(request, run):
    """401 with a Basic challenge until the right credentials arrive."""
    sent = request.headers.get("Authorization")
    record(run, authorization=sent)
    if sent == "Basic " + b64encode(":".join(BASIC_CREDENTIALS).encode()).decode():
        return HttpResponse("Welcome.\n", content_type="text/plain; charset=utf-8")
    response = HttpResponse("Credentials, please.\n", status=401, content_type="text/plain; charset=utf-8")
    response["WWW-Authenticate"] = 'Basic realm="probe"'
    return response


ETAG = '"probe-v1"'
FILE = bytes(range(48, 58)) * 100  # 1,000 bytes of digits


@probe_view
def cached(request, run):
    """A copy every cache must revalidate (no-cache) with an ETag: 304 when If-None-Match matches."""
    sent = request.headers.get("If-None-Match")
    record(run, validator=sent)
    response = HttpResponse(status=304) if sent == ETAG else JsonResponse({"probe": "cached"})
    response["ETag"] = ETAG
    response["Cache-Control"] = "no-cache"
    return response


@probe_view
def download(request, run):
    """1,000 bytes that a client may resume: a Range of bytes=N- gets a 206 with the rest."""
    sent = request.headers.get("Range")
    record(run, range=sent)
    start = sent[len("bytes=") : -1] if sent and sent.startswith("bytes=") and sent.endswith("-") else ""
    if start.isascii() and start.isdigit() and int(start) < len(FILE):
        response = HttpResponse(FILE[int(start) :], status=206, content_type="application/octet-stream")
        response["Content-Range"] = f"bytes {start}-{len(FILE) - 1}/{len(FILE)}"
    else:
        response = HttpResponse(FILE, content_type="application/octet-stream")
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = ETAG
    return response


@probe_view
def run_record(request, run):
    """What the probe saw during one run, for the harness."""
    return JsonResponse({"run": run, "events": cache.get(f"clients-probe:{run}", [])})


@probe_view
def form(request):
    """A page with one form that POSTs to `action` (a probe URL): Chromium's form-POST client."""
    action = request.GET.get("action", "")
    if not action.startswith(f"{PROBE}/"):
        return bad_request(f"action= must be a path under {PROBE}/.")
    page = (
        "<!doctype html><html lang=en><title>Probe form</title>"
        f'<form method=post action="{escape(action)}">'
        "<input name=probe value=body><button>Send</button></form>"
    )
    return HttpResponse(page, content_type="text/html; charset=utf-8")
