"""The report form: its own uncached page, so cached public pages never carry a CSRF token."""

import time

from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from .forms import ReportForm
from .models import ReaderReport
from .pages import describe

# Reports one address may send per window; more get 429 with Retry-After until the window ends.
REPORTS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60


def rate_limited(request):
    """Seconds until this address may report again, or 0; counts this attempt."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"reports:{request.META.get('REMOTE_ADDR', '')}:{window}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    if count <= REPORTS_PER_WINDOW:
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - time.time()))


def see_thanks(page):
    """303 See Other: the answer to a POST, which the browser fetches with GET (no resubmission)."""
    response = redirect(reverse("reports:thanks") + "?" + urlencode({"page": page.path}))
    response.status_code = 303
    return response


def bad_page(request):
    return render(request, "reports/unknown_page.html", status=400)


@never_cache
def report(request):
    page = describe(request.GET.get("page", ""))
    if page is None:
        return bad_page(request)
    sections = dict(page.sections)
    if request.method == "POST":
        retry_after = rate_limited(request)
        if retry_after:
            response = render(
                request, "reports/too_many.html", {"page": page, "minutes": -(-retry_after // 60)}, status=429
            )
            response["Retry-After"] = str(retry_after)
            return response
        form = ReportForm(request.POST, sections=page.sections)
        if form.is_spam:  # a bot: answer as if stored, store nothing
            return see_thanks(page)
        if form.is_valid():
            section = form.cleaned_data["section"]
            ReaderReport.objects.create(
                page=page.path,
                page_title=page.title,
                section=section,
                section_heading=sections[section],
                message=form.cleaned_data["message"],
                email=form.cleaned_data["email"],
            )
            return see_thanks(page)
        status = 400
    else:
        section = request.GET.get("section")
        form = ReportForm(initial={"section": section if section in sections else "other"}, sections=page.sections)
        status = 200
    return render(
        request, "reports/report.html", {"form": form, "page": page, "page_title": "Report a mistake"}, status=status
    )


@never_cache
def thanks(request):
    page = describe(request.GET.get("page", ""))
    if page is None:
        return bad_page(request)
    return render(request, "reports/thanks.html", {"page": page, "page_title": "Thank you"})
