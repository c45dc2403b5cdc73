"""Reference pages and their JSON: thin views over StatusCode's queryset."""

from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from authoring.caching import cached_page
from authoring.preview import staff_preview, with_draft
from comparisons.models import Comparison
from config.http import read_only

from .models import StatusCode, StatusCodeQuerySet

STANDINGS = StatusCode.Standing.values


def classes_of(codes):
    """[(digit, class name, [codes])] in class order, for pages that group by class."""
    groups = {}
    for code in codes:
        groups.setdefault(code.class_digit, []).append(code)
    return [(digit, StatusCode.CLASS_NAMES[digit], groups[digit]) for digit in sorted(groups)]


# The pairs people search for most, shown on the home page.
POPULAR_COMPARISONS = [
    "301-vs-302",
    "301-vs-307",
    "301-vs-308",
    "302-vs-303",
    "307-vs-308",
    "200-vs-201",
    "200-vs-204",
    "400-vs-422",
    "401-vs-403",
    "403-vs-404",
    "404-vs-410",
    "429-vs-503",
    "500-vs-502",
    "502-vs-504",
]


# What a code card shows, and what the code list and cheat sheet add: the structured facts.
LISTING_FIELDS = ("code", "reason", "former_reasons", "summary", "standing", "origin")
FACT_FIELDS = (
    *LISTING_FIELDS,
    "heuristically_cacheable",
    "redirect_permanent",
    "redirect_method",
    "body_allowed",
    "headers",
)


def listing_fields(queryset):
    return queryset.only(*LISTING_FIELDS)


@cached_page
def home(request):
    codes = listing_fields(StatusCode.objects.published())
    comparisons = Comparison.objects.published().as_links().filter(slug__in=POPULAR_COMPARISONS)
    return render(request, "reference/home.html", {"classes": classes_of(codes), "comparisons": comparisons})


CODE_LIST_COLUMNS = [("code", "Code"), ("reason", "Reason"), ("standing", "Standing"), ("cacheable", "Cacheable")]


@cached_page(query=("sort",))
def code_list(request):
    """One dense table of every code and its facts, sorted by the column link the reader chose."""
    sort = request.GET.get("sort", "code")
    context = {"columns": CODE_LIST_COLUMNS, "sort": sort}
    if sort not in StatusCodeQuerySet.ORDERS:
        context["error"] = f"The list sorts by {', '.join(StatusCodeQuerySet.ORDERS)}; not by {sort[:20]!r}."
        sort, status = "code", 400
    else:
        status = 200
    codes = StatusCode.objects.published().sorted_by(sort).only(*FACT_FIELDS, "client_saw")
    context |= {"codes": codes, "sort": sort, "class_names": sorted(StatusCode.CLASS_NAMES.items())}
    return render(request, "reference/code_list.html", context, status=status)


@cached_page
def cheatsheet(request):
    codes = StatusCode.objects.published().only(*FACT_FIELDS)
    return render(request, "reference/cheatsheet.html", {"classes": classes_of(codes)})


@cached_page
def class_list(request, digit):
    digit = int(digit)
    codes = listing_fields(StatusCode.objects.published().by_class(digit))
    if not codes:
        raise Http404(f"There are no {digit}xx codes.")
    return render(
        request,
        "reference/class_list.html",
        {
            "digit": digit,
            "class_name": StatusCode.CLASS_NAMES[digit],
            "codes": codes,
            "page_title": f"{digit}xx {StatusCode.CLASS_NAMES[digit]} status codes",
            "page_description": f"All {digit}xx ({StatusCode.CLASS_NAMES[digit].lower()}) HTTP status codes: "
            "what each means and when to use it.",
        },
    )


def render_code_page(request, codes, code, preview=False):
    status_code = codes.prefetch_related(
        "faq", Prefetch("related", queryset=listing_fields(StatusCode.objects.published()))
    ).get_or_404(int(code))
    if preview:
        with_draft(request, status_code)
    comparisons = Comparison.objects.published().involving(status_code).as_links()
    return render(
        request,
        "reference/code_detail.html",
        {"code": status_code, "comparisons": comparisons, "preview": preview},
    )


@cached_page
def code_detail(request, code):
    return render_code_page(request, StatusCode.objects.published(), code)


@staff_preview
def code_preview(request, code):
    """Staff see a draft (or a published code) exactly as it will look."""
    return render_code_page(request, StatusCode.objects.all(), code, preview=True)


@read_only
def code_redirect(request, code):
    """/301 and /codes/301 answer 301 to the one canonical URL, /codes/301/."""
    return redirect(StatusCode.objects.published().get_or_404(int(code)), permanent=True)


# JSON -----------------------------------------------------------------------


def json_error(message, status=400):
    return JsonResponse({"error": message, "status": status}, status=status)


def comparison_urls_by_code():
    urls = {}
    for comparison in Comparison.objects.published().as_links():
        for code in comparison.codes:
            urls.setdefault(code.code, []).append(comparison.get_absolute_url())
    return urls


@cached_page(query=("class", "standing"))
def api_code_list(request):
    codes = StatusCode.objects.published()
    status_class = request.GET.get("class")
    if status_class is not None:
        if status_class not in {"1xx", "2xx", "3xx", "4xx", "5xx"}:
            return json_error(f"class must be one of 1xx, 2xx, 3xx, 4xx, 5xx, not {status_class[:20]!r}.")
        codes = codes.by_class(status_class)
    standing = request.GET.get("standing")
    if standing is not None:
        if standing not in STANDINGS:
            return json_error(f"standing must be one of {', '.join(STANDINGS)}, not {standing[:20]!r}.")
        codes = codes.filter(standing=standing)
    urls = comparison_urls_by_code()
    data = [code.as_json(urls.get(code.code, [])) for code in codes]
    return JsonResponse({"count": len(data), "codes": data})


@cached_page
def api_code_detail(request, code):
    status_code = StatusCode.objects.published().filter(code=int(code)).first()
    if status_code is None:
        return json_error(f"{code} is not a status code this reference knows.", status=404)
    urls = [c.get_absolute_url() for c in Comparison.objects.published().involving(status_code).as_links()]
    return JsonResponse(status_code.as_json(urls))
