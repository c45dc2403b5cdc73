"""Comparison pages: curated pairs, the index, ad-hoc side-by-side, and their JSON."""

import re

from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from authoring.caching import cached_page
from authoring.preview import staff_preview, with_draft
from reference.models import SOURCE_FIELDS, StatusCode
from reference.views import json_error

from .models import Comparison, aspect_rows, fact_rows

MAX_ADHOC_CODES = 3


class BadCompareRequest(ValueError):
    """The ?codes= value cannot be compared; the message says why, for a 400 page."""


def parse_codes(raw):
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if len(raw) > 40:
        raise BadCompareRequest("That list is too long: give two or three status codes, e.g. 301,307,308.")
    if not all(re.fullmatch(r"[0-9]{3}", part) for part in parts):
        raise BadCompareRequest("Status codes are three-digit numbers; separate them with commas, e.g. 301,307.")
    numbers = list(dict.fromkeys(int(part) for part in parts))
    if not 2 <= len(numbers) <= MAX_ADHOC_CODES:
        raise BadCompareRequest(f"Compare two or three different codes at a time; you gave {len(numbers)}.")
    codes = {code.code: code for code in StatusCode.objects.published().filter(code__in=numbers)}
    unknown = [number for number in numbers if number not in codes]
    if unknown:
        listed = ", ".join(str(number) for number in unknown)
        raise BadCompareRequest(f"This reference has no page for {listed}; see the list of all codes.")
    return [codes[number] for number in numbers]


@cached_page(query=("codes",))
def index(request):
    context = {"comparisons": Comparison.objects.published().as_links(), "codes_value": ""}
    raw = request.GET.get("codes")
    if raw is None:
        return render(request, "comparisons/index.html", context)
    context["codes_value"] = raw[:40]
    try:
        codes = parse_codes(raw)
    except BadCompareRequest as error:
        context["error"] = str(error)
        return render(request, "comparisons/index.html", context, status=400)
    curated = Comparison.objects.published().with_codes().between([code.code for code in codes])
    return render(
        request,
        "comparisons/adhoc.html",
        {
            "codes": codes,
            "rows": aspect_rows(codes),
            "facts": fact_rows(codes),
            "curated": curated,
            "page_title": " vs ".join(c.title for c in codes),
        },
    )


def get_comparison(comparisons, first, second):
    comparison = (
        comparisons.with_codes()
        .prefetch_related("faq", "overrides", Prefetch("related", queryset=Comparison.objects.published().as_links()))
        .filter(slug=Comparison.slug_for(first, second))
        .defer(
            *Comparison.SOURCE_FIELDS, *(f"{side}__{name}" for side in ("code_a", "code_b") for name in SOURCE_FIELDS)
        )
        .first()
    )
    if comparison is None:
        raise Http404(
            f"There is no written comparison of {first} and {second}. "
            f"The side-by-side table of any two codes is at /compare/?codes={first},{second}."
        )
    return comparison


@cached_page
def detail(request, first, second):
    first, second = int(first), int(second)
    if first == second:
        return redirect(StatusCode.objects.published().get_or_404(first), permanent=True)
    comparison = get_comparison(Comparison.objects.published(), first, second)
    if (first, second) != (comparison.code_a.code, comparison.code_b.code):
        return redirect(comparison, permanent=True)
    return render(
        request, "comparisons/detail.html", {"comparison": comparison, "aspect_rows": comparison.aspect_rows()}
    )


@staff_preview
def preview(request, first, second):
    """Staff see a draft comparison as it will look."""
    comparison = with_draft(request, get_comparison(Comparison.objects.all(), int(first), int(second)))
    return render(
        request,
        "comparisons/detail.html",
        {"comparison": comparison, "aspect_rows": comparison.aspect_rows(), "preview": True},
    )


@cached_page
def api_list(request):
    data = [c.as_json() for c in Comparison.objects.published().with_codes()]
    return JsonResponse({"count": len(data), "comparisons": data})


@cached_page
def api_detail(request, first, second):
    slug = Comparison.slug_for(int(first), int(second))
    comparison = (
        Comparison.objects.published().with_codes().prefetch_related("faq", "overrides").filter(slug=slug).first()
    )
    if comparison is None:
        return json_error(f"No comparison {first}-vs-{second}.", status=404)
    if (int(first), int(second)) != (comparison.code_a.code, comparison.code_b.code):
        return redirect("comparisons:api-detail", comparison.code_a.code, comparison.code_b.code, permanent=True)
    return JsonResponse(comparison.as_json(detail=True))
