"""The method contract of read-only views: GET and HEAD, OPTIONS says so, anything else is 405."""

from functools import wraps

from django.http import HttpResponse

READ_METHODS = ("GET", "HEAD")
ALLOW = "GET, HEAD, OPTIONS"


def read_only(view):
    """GET/HEAD run the view; OPTIONS answers 204 with Allow (RFC 9110 §9.3.7); any other method,
    TRACE included, answers 405 with Allow (§15.5.6). The view is exempt from the CSRF check, which
    only guards unsafe methods, so a POST meets this 405 instead of a CSRF 403 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in READ_METHODS:
            return view(request, *args, **kwargs)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            del response["Content-Type"]  # 204 has no content to describe
        else:
            response = HttpResponse(
                f"405 Method Not Allowed: {request.method[:20]} is not allowed here; use {ALLOW}.\n",
                status=405,
                content_type="text/plain; charset=utf-8",
            )
        response["Allow"] = ALLOW
        return response

    wrapper.csrf_exempt = True
    return wrapper
