"""Admin helpers: the Markdown preview the admin script asks for."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from clients.citations import with_measured_values
from reference.rendering import MarkdownRefused, bad_shorthands, normalise_newlines, render_markdown, shorthand_advice
from reference.views import json_error

MAX_PREVIEW_CHARS = 100_000


@staff_member_required
@require_POST
def markdown_preview(request):
    """Render Markdown exactly as the site will (same pipeline, same sanitizer)."""
    text = normalise_newlines(request.POST.get("text", ""))
    if len(text) > MAX_PREVIEW_CHARS:
        return json_error(f"Preview is limited to {MAX_PREVIEW_CHARS} characters.", status=413)
    try:
        html = render_markdown(text)
    except MarkdownRefused as refusal:
        return json_error(str(refusal))
    bad = bad_shorthands(text)
    advice = shorthand_advice(bad) if bad else None
    warning = advice[0].upper() + advice[1:] if advice else None
    return JsonResponse({"html": with_measured_values(html), **({"warning": warning} if warning else {})})
