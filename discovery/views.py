"""robots.txt, the OpenAPI document, and what docs authors embed: cards, oEmbed, badges."""

import re
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt

from authoring.caching import cached_page
from config.context_processors import absolute_url
from config.http import read_only
from reference.models import StatusCode
from reference.views import json_error

from .openapi import openapi_document

EMBED_WIDTH, EMBED_HEIGHT = 480, 200
CLASS_COLOURS = {1: "#5b616b", 2: "#1a7f37", 3: "#0b5cad", 4: "#8a5a00", 5: "#b42318"}


@read_only
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /try/",
        "Disallow: /lab/redirects/",
        "Disallow: /search/",
        "Disallow: /embed/",
        "Allow: /lab/redirects/$",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@read_only
def openapi_json(request):
    return JsonResponse(openapi_document(settings.SITE_URL), json_dumps_params={"indent": 1})


@read_only
@cached_page
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed_code(request, code):
    """A small self-contained card that other sites may frame (every other page forbids it)."""
    status_code = get_object_or_404(StatusCode.objects.published(), code=int(code))
    response = render(request, "discovery/embed_code.html", {"code": status_code})
    response["X-Robots-Tag"] = "noindex"
    return response


CODE_PAGE_PATH = re.compile(r"/codes/(?P<code>[1-5][0-9]{2})/?")


def bounded_dimension(value, limit):
    """oEmbed's maxwidth/maxheight: a positive ASCII integer, capped at what the card needs."""
    if value is None or value == "":
        return limit
    if not re.fullmatch(r"[0-9]{1,6}", value):
        raise ValueError("maxwidth and maxheight must be whole numbers of pixels.")
    return min(int(value), limit)


@read_only
def oembed(request):
    """oEmbed (https://oembed.com) for code pages: a rich type whose HTML frames the embed card."""
    url, fmt = request.GET.get("url", ""), request.GET.get("format", "json")
    if fmt != "json":
        return json_error("Only format=json is supported.", status=501)
    try:
        parts = urlsplit(url)
    except ValueError:
        return json_error("url is not a valid URL.", status=400)
    match = CODE_PAGE_PATH.fullmatch(parts.path)
    if parts.netloc != urlsplit(settings.SITE_URL).netloc or match is None:
        return json_error("url must be a code page of this site, e.g. /codes/301/.", status=404)
    status_code = get_object_or_404(StatusCode.objects.published(), code=int(match["code"]))
    embed_url = absolute_url(f"/embed/codes/{status_code.code}/")
    try:
        width = bounded_dimension(request.GET.get("maxwidth"), EMBED_WIDTH)
        height = bounded_dimension(request.GET.get("maxheight"), EMBED_HEIGHT)
    except ValueError as error:
        return json_error(str(error), status=400)
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Status Codes Reference",
            "provider_url": absolute_url("/"),
            "title": status_code.title,
            "width": width,
            "height": height,
            "html": f'<iframe src="{escape(embed_url)}" width="{width}" height="{height}" '
            f'title="{escape(status_code.title)}" style="border:0" loading="lazy"></iframe>',
        }
    )


@read_only
@cached_page
def badge(request, code):
    status_code = get_object_or_404(StatusCode.objects.published(), code=int(code))
    label, value = "HTTP", status_code.title
    label_width, value_width = 44, 12 + 7 * len(value)
    width = label_width + value_width
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{escape(label)}: {escape(value)}"><title>{escape(label)}: {escape(value)}</title>'
        f'<rect width="{label_width}" height="20" fill="#333"/>'
        f'<rect x="{label_width}" width="{value_width}" height="20" fill="{CLASS_COLOURS[status_code.class_digit]}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="8" y="14">{escape(label)}</text><text x="{label_width + 6}" y="14">{escape(value)}</text></g></svg>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
