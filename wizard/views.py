"""The decision wizard: every step is a GET with the answers so far in the query string."""
from django.http import JsonResponse
from django.shortcuts import render

from authoring.caching import cached_page

from .content import TreeLoader
from .models import PathError, walk

MAX_QUERY_LENGTH = 1000


@cached_page(query=("a",))
def wizard(request):
    keys = request.GET.getlist("a")
    error = None
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        error = "That address is too long to be a wizard path."
    else:
        try:
            state = walk(keys)
        except PathError as problem:
            error = str(problem)
    if error:
        return render(request, "wizard/error.html", {"error": error}, status=400)
    if state.outcome:
        title = f"Use {state.outcome.outcome.title}"
    else:
        title = "Which status code should I send?"
    return render(request, "wizard/wizard.html", {"walk": state, "page_title": title})


@cached_page
def api_tree(request):
    """The whole tree as JSON, in the same shape as wizard/content/tree.yaml."""
    return JsonResponse(TreeLoader().as_data())
