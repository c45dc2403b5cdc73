"""Error guide pages and their JSON: thin views over ErrorGuide's queryset."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from authoring.caching import cached_page
from authoring.preview import staff_preview
from reference.views import json_error

from .models import ErrorGuide, slug_for


def categories_of(guides):
    """[(category label, [guides])] in the order of ErrorGuide.Category, empty ones left out."""
    groups = {}
    for guide in guides:
        groups.setdefault(guide.category, []).append(guide)
    return [(label, groups[value]) for value, label in ErrorGuide.Category.choices if value in groups]


@cached_page
def index(request):
    guides = ErrorGuide.objects.published().only("slug", "name", "category", "summary")
    return render(request, "errors/index.html", {"categories": categories_of(guides)})


def guide_or_404(guides, slug):
    return get_object_or_404(guides.with_codes().prefetch_related("faq"), slug=slug)


@cached_page
def detail(request, slug):
    canonical = slug_for(slug)
    guide = guide_or_404(ErrorGuide.objects.published(), canonical)
    if slug != canonical:
        return redirect(guide, permanent=True)
    return render(request, "errors/detail.html", {"guide": guide})


@staff_preview
def preview(request, slug):
    """Staff see a draft guide as it will look."""
    guide = guide_or_404(ErrorGuide.objects.all(), slug)
    return render(request, "errors/detail.html", {"guide": guide, "preview": True})


@cached_page
def api_list(request):
    data = [guide.as_json() for guide in ErrorGuide.objects.published().with_codes()]
    return JsonResponse({"count": len(data), "errors": data})


@cached_page
def api_detail(request, slug):
    canonical = slug_for(slug)
    guide = ErrorGuide.objects.published().with_codes().prefetch_related("faq").filter(slug=canonical).first()
    if guide is None:
        return json_error(f"No error guide {slug!r}.", status=404)
    if slug != canonical:
        return redirect("errors:api-detail", canonical, permanent=True)
    return JsonResponse(guide.as_json(detail=True))
