"""Structured data for search engines: JSON-LD built from the same rows the page shows."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from config.context_processors import absolute_url

register = template.Library()

SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def jsonld(*items):
    """One <script type="application/ld+json"> with the given objects, escaped for HTML."""
    items = [item for item in items if item]
    if not items:
        return ""
    data = items[0] if len(items) == 1 else {"@context": "https://schema.org", "@graph": items}
    if len(items) > 1:
        for item in data["@graph"]:
            item.pop("@context", None)
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def breadcrumb_data(context, *pairs):
    """BreadcrumbList from alternating (name, path) arguments."""
    names, paths = pairs[0::2], pairs[1::2]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": str(name), "item": absolute_url(path)}
            for i, (name, path) in enumerate(zip(names, paths, strict=False), start=1)
        ],
    }


@register.simple_tag
def faq_data(entries):
    entries = list(entries)
    if not entries:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": e.question, "acceptedAnswer": {"@type": "Answer", "text": e.answer_html}}
            for e in entries
        ],
    }


@register.simple_tag(takes_context=True)
def article_data(context, headline, description, modified):
    request = context["request"]
    return {
        "@context": "https://schema.org",
        "@type": "TechArticle",
        "headline": headline,
        "description": description,
        "dateModified": modified.isoformat(),
        "url": absolute_url(request.path),
        "inLanguage": "en",
    }


@register.simple_tag(takes_context=True)
def defined_term_data(context, code):
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": f"{code.code} {code.reason}",
        "termCode": str(code.code),
        "description": code.summary,
        "url": absolute_url(code.get_absolute_url()),
        "inDefinedTermSet": absolute_url("/codes/"),
    }
