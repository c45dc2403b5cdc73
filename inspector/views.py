"""The response inspector and the log explainer: HTML forms and their JSON twins.

Nothing sent here is stored, logged or fetched: the text is parsed in memory and answered
with Cache-Control: no-store, so no cache keeps it either. The pages carry CSRF tokens, so
they are not page-cached (@cached_page would never store them).

The two JSON endpoints are exempt from CSRF. CSRF abuses a victim's ambient credentials
(cookies) to cause a side effect; these endpoints read no cookie or session, change nothing,
and answer only the caller, so a forged cross-site POST can learn nothing and do nothing that
the attacker could not do by calling the API directly.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from reference.models import StatusCode
from reference.views import json_error

from .forms import TOO_LARGE, InspectForm, LogForm
from .logs import FORMATS, LogError, chart, explain_log
from .parsing import HarEntryChoice, InspectError
from .report import inspect
from .throttle import retry_after


def refusal(request, form_class):
    """(status, message, retry_after) when the request is refused before it is read, else None.

    Form encoding can triple the size of pasted text, so the body may be 3x the text limit; a
    non-multipart body is also kept under Django's DATA_UPLOAD_MAX_MEMORY_SIZE, which would
    otherwise answer a bare 400.
    """
    limit = 3 * form_class.max_bytes + 64 * 1024
    if request.content_type != "multipart/form-data" and settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    try:
        too_large = int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        too_large = True
    if too_large:
        return 413, form_class.size_message(), None
    seconds = retry_after(request)
    if seconds is not None:
        return 429, f"Too many inspections from your address; try again in {seconds} s.", seconds
    return None


def form_error(form):
    """(status, message) of an invalid form: 413 for oversized input, else 400."""
    if form.has_error(NON_FIELD_ERRORS, code=TOO_LARGE):
        return 413, form.size_message()
    messages = [
        f"{name}: {error}" if name != NON_FIELD_ERRORS else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]
    return 400, " ".join(messages)


def private(response):
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def inspect_page(request):
    return form_page(request, InspectForm, inspect_context, "inspector/inspect.html")


@require_http_methods(["GET", "HEAD", "POST"])
def logs_page(request):
    return form_page(request, LogForm, logs_context, "inspector/logs.html")


def form_page(request, form_class, build, template):
    """The empty form on GET; on POST, the answer above the form, or the error and what was sent."""
    context, status = {"form": form_class()}, 200
    if request.method == "POST":
        status, context = run_html(request, form_class, build, context)
    response = render(request, template, context, status=status)
    if context.get("retry_after"):
        response["Retry-After"] = str(context["retry_after"])
    return private(response)


def run_html(request, form_class, build, context):
    refused = refusal(request, form_class)
    if refused:
        status, message, seconds = refused
        context.update(error=message, retry_after=seconds)
        return status, context
    form = form_class(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        status, message = form_error(form)
        context["error"] = message
        return status, context
    try:
        context.update(build(form.cleaned_data))
    except HarEntryChoice as choice:
        context.update(entries=choice.entries, har_text=form.cleaned_data["response"])
    except (InspectError, LogError) as error:
        context["error"] = str(error)
        return getattr(error, "status", 400), context
    return 200, context


def inspect_context(data):
    inspection = inspect(
        data["response"], method=data["method"], now=data["now"], entry=data["entry"], request_time=timezone.now()
    )
    return {"inspection": inspection}


def logs_context(data):
    summary = explain_log(data["log"], data["format"] or None)
    known = set(StatusCode.objects.published().values_list("code", flat=True))
    return {"summary": summary, "chart": chart(summary), "formats": FORMATS, "known_codes": known}


def api_data(request, text_field):
    """The API's fields: a text/plain body (options in the query string) or form fields."""
    content_type = request.content_type
    if content_type == "text/plain":
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            return None, "The body must be UTF-8 text."
        data = request.GET.copy()
        data[text_field] = text
        return data, None
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        data = request.GET.copy()
        data.update(request.POST)
        return data, None
    return None, "Send the text as text/plain, or as a form field (application/x-www-form-urlencoded or multipart)."


def run_api(request, form_class, text_field, answer):
    refused = refusal(request, form_class)
    if refused:
        status, message, seconds = refused
        response = json_error(message, status=status)
        if seconds:
            response["Retry-After"] = str(seconds)
        return private(response)
    data, problem = api_data(request, text_field)
    if problem:
        return private(json_error(problem, status=415))
    form = form_class(data, request.FILES)
    if not form.is_valid():
        status, message = form_error(form)
        return private(json_error(message, status=status))
    try:
        return private(answer(form.cleaned_data))
    except HarEntryChoice as choice:
        entries = [{"entry": number, **entry} for number, entry in enumerate(choice.entries)]
        return private(JsonResponse({"error": str(choice), "status": 400, "entries": entries}, status=400))
    except (InspectError, LogError) as error:
        return private(json_error(str(error), status=getattr(error, "status", 400)))


@csrf_exempt  # see the module docstring
@require_POST
def api_inspect(request):
    return run_api(
        request, InspectForm, "response", lambda data: JsonResponse(inspect_context(data)["inspection"].as_json())
    )


@csrf_exempt  # see the module docstring
@require_POST
def api_logs(request):
    return run_api(
        request, LogForm, "log", lambda data: JsonResponse(explain_log(data["log"], data["format"] or None).as_json())
    )
