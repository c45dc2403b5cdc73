"""The search page, its JSON for instant search, and the OpenSearch description."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from authoring.caching import cached_page
from reference.views import json_error

from .query import MAX_QUERY_LENGTH, search

TOO_LONG = f"Queries are limited to {MAX_QUERY_LENGTH} characters."


@require_safe
@cached_page(query=("q",))
def search_page(request):
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY_LENGTH:
        context = {"query": "", "page_title": "Search", "error": TOO_LONG}
        return render(request, "search/search.html", context, status=400)
    result = search(query)
    if result.redirect_to:
        return redirect(result.redirect_to)
    title = f"Search: {query}" if query.strip() else "Search"
    return render(request, "search/search.html", {"query": query, "result": result, "page_title": title})


@require_safe
@cached_page(query=("q",))
def api_search(request):
    """Instant search: the same results as the page, codes then comparisons; a shortcut as `redirect`."""
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY_LENGTH:
        return json_error(TOO_LONG)
    return JsonResponse(search(query).as_json(query))


@require_safe
@cached_page
def opensearch(request):
    """Lets browsers add the site as a search engine (https://github.com/dewitt/opensearch)."""
    return render(
        request,
        "search/opensearch.xml",
        {"origin": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
