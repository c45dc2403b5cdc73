"""Live responses for every code, and the redirect lab that shows what a browser really does."""
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from reference.models import StatusCode

from .responses import build_response, why_not_producible

LAB_REDIRECT_CODES = [301, 302, 303, 307, 308]
MAX_HOPS = 10
MAX_BODY_BYTES = 2048
SHOWN_HEADERS = [
    "Content-Type", "Content-Length", "Origin", "Referer", "User-Agent", "Accept", "Cache-Control",
    "Sec-Fetch-Mode", "Sec-Fetch-Site",
]


def bad_request(request, message, status=400):
    return render(request, "400.html", {"message": message}, status=status)


# The playground only reads what is sent and stores nothing, so CSRF protection has
# nothing to protect; the exemption is limited to /try/ and /lab/ views, and lets any
# client (curl, fetch, a form on another page) POST, PUT or DELETE to them.
@csrf_exempt
def try_code(request, code):
    status_code = get_object_or_404(StatusCode.objects.published(), code=int(code))
    reason = why_not_producible(status_code.code)
    if reason:
        return render(
            request,
            "playground/not_producible.html",
            {"code": status_code, "reason": reason, "page_title": f"Why /try/{status_code.code}/ can't send {status_code.code}"},
            status=400,
        )
    return refuse_large_body(request) or build_response(status_code, request)


def refuse_large_body(request):
    """A 413 page when the declared content is over the playground's bound, else None."""
    try:
        too_large = int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        too_large = True
    if too_large:
        return bad_request(request, f"The playground and lab read at most {MAX_BODY_BYTES} bytes of content.", status=413)
    return None


def lab(request):
    return render(request, "playground/lab.html", {"codes": LAB_REDIRECT_CODES, "max_hops": MAX_HOPS})


def safe_next(request, default):
    """Only this lab's own URLs may be a redirect target: no open redirect."""
    target = request.GET.get("next")
    if target is None:
        return default
    if (
        target.startswith("/lab/redirects/")
        and url_has_allowed_host_and_scheme(target, allowed_hosts=None, require_https=False)
    ):
        return target
    return None


@csrf_exempt  # see the note on try_code
def lab_redirect(request, code):
    code = int(code)
    if code not in LAB_REDIRECT_CODES:
        return bad_request(request, f"The lab redirects with {', '.join(map(str, LAB_REDIRECT_CODES))}; {code} is not one of them.", status=404)
    refused = refuse_large_body(request)
    if refused:
        return refused
    target = safe_next(request, f"/lab/redirects/arrived/?via={code}")
    if target is None:
        return bad_request(request, "The lab only redirects to its own pages under /lab/redirects/; that next= target was refused.")
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
    via_code = int(via) if via.isascii() and via.isdigit() and int(via) in LAB_REDIRECT_CODES else None
    body = request.body[:MAX_BODY_BYTES].decode("utf-8", errors="replace")
    headers = [(name, request.headers[name]) for name in SHOWN_HEADERS if name in request.headers]
    guide = StatusCode.objects.published().filter(code=via_code).first() if via_code else None
    response = render(
        request,
        "playground/arrived.html",
        {"method": request.method, "body": body, "headers": headers, "via": via[:10], "guide": guide,
         "form_data": list(request.POST.lists()) if request.method == "POST" else []},
    )
    response["Cache-Control"] = "no-store"
    return response
