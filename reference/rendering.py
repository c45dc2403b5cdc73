"""The one Markdown pipeline: Markdown to HTML, then sanitized with nh3.

Content is rendered when it is saved or loaded, never per request, and every
field goes through the same function so the admin preview shows exactly what
the public page will.
"""
import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor

# [[301]] links to a code's page. Three digits, first 1-5: the range of status codes.
CODE_LINK_PATTERN = r"\[\[([1-5][0-9]{2})\]\]"
CODE_LINK_RE = re.compile(CODE_LINK_PATTERN)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4",
    "hr", "i", "kbd", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "code": {"class"},
    "td": {"align"},
    "th": {"align"},
}


class CodeLinkProcessor(InlineProcessor):
    """Turns [[301]] into a link to /codes/301/ (never inside code spans or blocks)."""

    def handleMatch(self, m, data):
        element = etree.Element("a")
        element.set("href", f"/codes/{m.group(1)}/")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class CodeLinkExtension(markdown.Extension):
    def extendMarkdown(self, md):
        # Above the link pattern (160) so "[[" is not read as a reference link,
        # below backticks (190) so code spans stay literal.
        md.inlinePatterns.register(CodeLinkProcessor(CODE_LINK_PATTERN, md), "code_link", 175)


def render_markdown(text):
    """Render author Markdown to sanitized HTML safe to store and show."""
    if not text:
        return ""
    html = markdown.markdown(
        text,
        extensions=["fenced_code", "tables", "sane_lists", CodeLinkExtension()],
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )


def linked_codes(text):
    """The codes a Markdown text links with the [[301]] shorthand, for validation."""
    return {int(code) for code in CODE_LINK_RE.findall(text or "")}
