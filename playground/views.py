"""Live responses for every code, and the redirect lab that shows what a browser really does.

The /try/ answers are async views: a request that asked to sleep waits on the event loop
of the ASGI server, holding no worker. They work under WSGI too (Django runs them in a
thread), where each sleeping request holds its worker for the sleep.
"""

import asyncio
import random

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from authoring.caching import cached_page
from reference.models import StatusCode

from . import controls
from .controls import BadControl
from .ratelimit import WINDOW_SECONDS, rate_limit
from .responses import (
    HEADER_FIELDS,
    LOCATION_CODES,
    MEDIA_TYPES,
    build_response,
    header_fields,
    message_response,
    why_not_producible,
)

LAB_REDIRECT_CODES = [301, 302, 303, 307, 308]
MAX_HOPS = 10
MAX_BODY_BYTES = 2048
SHOWN_HEADERS = [
    "Content-Type",
    "Content-Length",
    "Origin",
    "Referer",
    "User-Agent",
    "Accept",
    "Cache-Control",
    "Sec-Fetch-Mode",
    "Sec-Fetch-Site",
]


def bad_request(request, message, status=400, reason="Bad Request"):
    return message_response(request, status, reason, message)


# The playground only reads what is sent and stores nothing, so CSRF protection has
# nothing to protect; the exemption is limited to /try/ and /lab/ views, and lets any
# client (curl, fetch, a form on another page) POST, PUT or DELETE to them.
@csrf_exempt
async def try_code(request, code):
    status_code = await StatusCode.objects.published().filter(code=int(code)).afirst()
    if status_code is None:
        raise Http404(f"No status code {code}.")
    return await answer(request, status_code)


@csrf_exempt  # see the note on try_code
async def try_random(request, spec):
    """/try/random/200*9,503/: one of the listed codes, drawn by weight on every request."""
    published = StatusCode.objects.published()
    producible = {code async for code in published.values_list("code", flat=True) if not why_not_producible(code)}
    try:
        weights = controls.parse_random_codes(spec, producible)
    except BadControl as error:
        return bad_request(request, str(error))
    drawn = random.choices(list(weights), weights=list(weights.values()))[0]
    return await answer(request, await published.aget(code=drawn))


async def answer(request, status_code):
    """Check every control, wait if asked, then send the code; a bad control is a 400 before any wait."""
    reason = why_not_producible(status_code.code)
    if reason and request.get_preferred_type(MEDIA_TYPES) != "text/html":
        message = f"{status_code.code} {status_code.reason} can't be sent from here. {reason}"
        return bad_request(request, message)
    if reason:
        return render(
            request,
            "playground/not_producible.html",
            {
                "code": status_code,
                "reason": reason,
                "page_title": f"Why /try/{status_code.code}/ can't send {status_code.code}",
            },
            status=400,
        )
    refused = refuse_large_body(request)
    if refused:
        return refused
    try:
        sleep_ms = controls.read_sleep(request)
        suppress_body = controls.read_suppress_body(request)
        extra_headers = controls.read_response_headers(request)
        target = controls.read_redirect_target(request)
        if target and status_code.code not in LOCATION_CODES:
            raise BadControl(
                f"?to= sets the Location of {', '.join(map(str, sorted(LOCATION_CODES)))}; {status_code.code} sends none."
            )
    except BadControl as error:
        return bad_request(request, str(error))
    if sleep_ms:
        await asyncio.sleep(sleep_ms / 1000)
    return build_response(status_code, request, target=target, extra_headers=extra_headers, suppress_body=suppress_body)


def refuse_large_body(request):
    """A 413 page when the declared content is over the playground's bound, else None."""
    try:
        too_large = int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        too_large = True
    if too_large:
        return bad_request(
            request,
            f"The playground and lab read at most {MAX_BODY_BYTES} bytes of content.",
            413,
            "Content Too Large",
        )
    return None


@csrf_exempt  # a POST here is answered 405, not a CSRF failure page
@require_safe
@cached_page
def try_index(request):
    """/try/: every control, with curl examples, and the fields each code carries."""
    codes = list(StatusCode.objects.published().only("code", "reason"))
    return render(
        request,
        "playground/try_index.html",
        {
            "fields": [(code, header_fields(code.code, request)) for code in codes if code.code in HEADER_FIELDS],
            "not_producible": [
                (code, why_not_producible(code.code)) for code in codes if why_not_producible(code.code)
            ],
            "denied": controls.DENIED_RESPONSE_HEADERS,
            "controls": controls,
            "rate_limit": rate_limit(),
            "window_seconds": WINDOW_SECONDS,
            "max_body_bytes": MAX_BODY_BYTES,
            "max_hops": MAX_HOPS,
            "base": settings.SITE_URL,
        },
    )


@csrf_exempt  # see try_index
@require_safe
@cached_page
def try_testing(request):
    """/try/testing/: the playground from pytest, Jest and Go, and run locally for CI."""
    return render(
        request,
        "playground/testing.html",
        {
            "max_sleep_ms": controls.MAX_SLEEP_MS,
            "rate_limit": rate_limit(),
            "base": settings.SITE_URL,
        },
    )


@csrf_exempt  # see try_index
@require_safe
def lab(request):
    return render(request, "playground/lab.html", {"codes": LAB_REDIRECT_CODES, "max_hops": MAX_HOPS})


def safe_next(request, default):
    """Only this lab's own URLs may be a redirect target: no open redirect."""
    target = request.GET.get("next")
    if target is None:
        return default
    if target.startswith("/lab/redirects/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts=None, require_https=False
    ):
        return target
    return None


@csrf_exempt  # see the note on try_code
def lab_redirect(request, code):
    code = int(code)
    if code not in LAB_REDIRECT_CODES:
        return bad_request(
            request,
            f"The lab redirects with {', '.join(map(str, LAB_REDIRECT_CODES))}; {code} is not one of them.",
            404,
            "Not Found",
        )
    refused = refuse_large_body(request)
    if refused:
        return refused
    target = safe_next(request, f"/lab/redirects/arrived/?via={code}")
    if target is None:
        return bad_request(
            request, "The lab only redirects to its own pages under /lab/redirects/; that next= target was refused."
        )
    return HttpResponseRedirect(target, status=code)


@csrf_exempt  # see the note on try_code
def lab_chain(request, hops):
    hops = int(hops)
    if hops > MAX_HOPS:
        return bad_request(request, f"A chain has at most {MAX_HOPS} hops.")
    target = f"/lab/redirects/chain/{hops - 1}/" if hops > 0 else "/lab/redirects/arrived/?via=chain"
    response = HttpResponseRedirect(target)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # see the note on try_code
def lab_loop(request, side):
    response = HttpResponseRedirect(f"/lab/redirects/loop/{'b' if side == 'a' else 'a'}/")
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # see the note on try_code
def lab_arrived(request):
    refused = refuse_large_body(request)
    if refused:
        return refused
    via = request.GET.get("via", "")
    via_code = next((code for code in LAB_REDIRECT_CODES if str(code) == via), None)
    body = request.body[:MAX_BODY_BYTES].decode("utf-8", errors="replace")
    headers = [(name, request.headers[name]) for name in SHOWN_HEADERS if name in request.headers]
    guide = StatusCode.objects.published().filter(code=via_code).first() if via_code else None
    response = render(
        request,
        "playground/arrived.html",
        {
            "method": request.method,
            "body": body,
            "headers": headers,
            "via": via[:10],
            "guide": guide,
            "form_data": list(request.POST.lists()) if request.method == "POST" else [],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # see the note on try_code
def add_slash(request, path):
    """/try or /lab/redirects/307 without the slash: a 308 keeps the method and body.

    (Django's APPEND_SLASH answers 301, which turns POSTs into GETs, and under DEBUG it
    refuses POSTs with an exception.)
    """
    target = f"/{path}/"
    try:
        resolve(target)
    except Resolver404:
        raise Http404(f"Nothing at {target}.") from None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target, preserve_request=True)
