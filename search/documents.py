"""What the index holds for each page: the rows of one code, comparison or error guide, weighted by column."""

import html
import re

from django.utils.html import strip_tags

from .models import SearchDocument

# Snippet highlight markers: private-use characters the content never contains (text() drops them).
MARK_START, MARK_END = "\ue000", "\ue001"
UNWANTED_RE = re.compile(r"[\x00-\x08\x0b-\x1f\ue000-\ue0ff]")
SPACE_RE = re.compile(r"\s+")


def text(value):
    """Plain text (a reason, a summary, an alias) on one line, without control characters."""
    return SPACE_RE.sub(" ", UNWANTED_RE.sub(" ", value)).strip()


def plain(rendered_html):
    """The text a reader sees in a rendered section, on one line (with measured values, not the
    keys of the observations it cites)."""
    from clients.citations import with_measured_values

    return text(html.unescape(strip_tags(with_measured_values(rendered_html))))


def joined(aliases, besides=()):
    """The aliases on one line, less those already in the name column (a former reason phrase
    listed again as an alias would count its words twice)."""
    named = {name.casefold() for name in besides}
    return " · ".join(text(alias) for alias in aliases or [] if alias.casefold() not in named)


def head_names(instance):
    """The reason phrase or title, with former reason phrases when the model has them (issue 16)."""
    return " ".join([instance.title, *(getattr(instance, "former_reasons", None) or [])])


def code_documents(code):
    url = code.get_absolute_url()
    key = str(code.code)
    rows = [
        SearchDocument(
            kind=SearchDocument.Kind.CODE,
            key=key,
            section="Summary",
            url=url,
            name=text(head_names(code)),
            aliases=joined(code.aliases, besides=code.former_reasons or []),
            lead=text(code.summary),
        )
    ]
    for name, heading, section_html in code.guide_sections():
        rows.append(
            SearchDocument(
                kind=SearchDocument.Kind.CODE,
                key=key,
                section=heading,
                url=f"{url}#{name}",
                body=plain(section_html),
            )
        )
    rows += faq_documents(SearchDocument.Kind.CODE, key, url, code.faq.all())
    return rows


def comparison_documents(comparison):
    from comparisons.models import SECTIONS

    url = comparison.get_absolute_url()
    kind, key = SearchDocument.Kind.COMPARISON, comparison.slug
    rows = [
        SearchDocument(
            kind=kind,
            key=key,
            section="Summary",
            url=url,
            name=text(comparison.title),
            aliases=joined(comparison.aliases),
            lead=text(comparison.gist),
        )
    ]
    for name, _ in SECTIONS:
        section_text = plain(getattr(comparison, f"{name}_html"))
        heading = comparison.section_heading(name)
        if name == "decision_rule":
            rows.append(SearchDocument(kind=kind, key=key, section=heading, url=url, lead=section_text))
        else:
            rows.append(SearchDocument(kind=kind, key=key, section=heading, url=url, body=section_text))
    for override in comparison.overrides.all():
        rows.append(
            SearchDocument(
                kind=kind,
                key=key,
                section=f"Side by side: {override.get_aspect_display()}",
                url=url,
                body=plain(override.text_html),
            )
        )
    rows += faq_documents(kind, key, url, comparison.faq.all())
    return rows


def error_documents(guide):
    """An error guide's head (its name as the browser or curl prints it, and its slug), each section, its FAQ."""
    url = guide.get_absolute_url()
    kind, key = SearchDocument.Kind.ERROR, guide.slug
    rows = [
        SearchDocument(
            kind=kind,
            key=key,
            section="Summary",
            url=url,
            name=text(guide.name),
            aliases=text(guide.slug.replace("-", " ")),
            lead=text(guide.summary),
        )
    ]
    for name, heading, section_html in guide.sections():
        rows.append(SearchDocument(kind=kind, key=key, section=heading, url=f"{url}#{name}", body=plain(section_html)))
    rows += faq_documents(kind, key, url, guide.faq.all())
    return rows


def faq_documents(kind, key, url, entries):
    return [
        SearchDocument(
            kind=kind,
            key=key,
            section=entry.question,
            url=f"{url}#faq",
            lead=text(entry.question),
            body=plain(entry.answer_html),
        )
        for entry in entries
    ]
