"""The decision wizard: every step is a GET with the answers so far in the query string."""

from django.http import JsonResponse
from django.shortcuts import render

from authoring.caching import cached_page

from .diagram import Diagram
from .models import NOT_SURE, PathError, PublicTree

MAX_QUERY_LENGTH = 1000


@cached_page(query=("a",))
def wizard(request):
    keys = request.GET.getlist("a")
    error = None
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        error = "That address is too long to be a wizard path."
    else:
        try:
            tree = PublicTree.load()
            state = tree.walk(keys)
        except PathError as problem:
            error = str(problem)
    if error:
        return render(request, "wizard/error.html", {"error": error}, status=400)
    if state.outcome and state.outcome.explains_log:
        title = f"What {state.outcome.outcome.title} means"
    elif state.outcome:
        title = f"Use {state.outcome.outcome.title}"
    else:
        title = "Which status code should I send?"
    return render(
        request,
        "wizard/wizard.html",
        {
            "walk": state,
            "answers": tree.answers(state.question) if state.question else [],
            "comparisons": state.outcome.comparisons.all() if state.outcome else [],
            "not_sure": NOT_SURE,
            "page_title": title,
        },
    )


@cached_page
def diagram(request):
    """The whole tree as a server-rendered SVG decision diagram (no JavaScript)."""
    return render(request, "wizard/diagram.html", {"diagram": Diagram(PublicTree.load())})


@cached_page
def api_tree(request):
    """The public tree as JSON, in the shape of wizard/content/tree.yaml, with sanitized HTML."""
    return JsonResponse(PublicTree.load().as_json())


@cached_page
def api_graph(request):
    """The public tree as nodes and edges, for drawing or reusing the decision diagram."""
    return JsonResponse(PublicTree.load().as_graph())
