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


# Inline code must not break inside a token such as `--post301` or `Cache-Control` (browsers
# break after an inner hyphen): a short code span stays on one line, a long one wraps only
# between its words, and a single token too long for a phone may still break.
INLINE_CODE_RE = re.compile(r"(?<!<pre>)<code>([^<]+)</code>")
TOKEN_RUN_RE = re.compile(r"\S+")
LONGEST_UNBREAKABLE_TOKEN = 32


def keep_tokens_whole(html):
    def breakable(token):
        return "-" in token[1:] and len(token) <= LONGEST_UNBREAKABLE_TOKEN

    def wrap_tokens(match):
        text = match.group(1)
        if not any(breakable(token) for token in text.split()):
            return match.group(0)
        if breakable(text):
            return f'<code class="nobr">{text}</code>'
        return "<code>" + TOKEN_RUN_RE.sub(
            lambda token: f'<span class="nobr">{token.group(0)}</span>' if breakable(token.group(0)) else token.group(0),
            text,
        ) + "</code>"

    return INLINE_CODE_RE.sub(wrap_tokens, html)


def render_markdown(text):
    """Render author Markdown to sanitized HTML safe to store and show."""
    if not text:
        return ""
    html = markdown.markdown(
        text,
        extensions=["fenced_code", "tables", "sane_lists", CodeLinkExtension()],
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
    return keep_tokens_whole(clean)


def linked_codes(text):
    """The codes a Markdown text links with the [[301]] shorthand, for validation."""
    return {int(code) for code in CODE_LINK_RE.findall(text or "")}


# The lead of a rendered text: its first sentence (or two when the first is short), for
# table cells that must stay a line or two long. Works on stored HTML, so no Markdown is parsed
# per request; it cuts only between top-level sentences, so the result stays well-formed.
TOKEN_RE = re.compile(r"<[^>]*>|[^<]+")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(\[]|<)")
NOT_SENTENCE_ENDS = ("e.g.", "i.e.", "vs.", "etc.", "cf.", "approx.", "No.", "Fig.")
FIRST_BLOCK_RE = re.compile(r"^\s*(?:<p>(.*?)</p>|<[uo]l>\s*<li>(?:<p>)?(.*?)(?:</p>|</li>))", re.S)
TAG_RE = re.compile(r"<[^>]*>")
VOID_TAGS = {"br", "hr"}
LEAD_MIN_CHARACTERS = 60


def sentence_ends(html):
    """Offsets in `html` just after each sentence that ends outside any inline element."""
    depth, offset, top_level = 0, 0, []
    for token in TOKEN_RE.findall(html):
        if token.startswith("</"):
            depth -= 1
        elif token.startswith("<"):
            name = token.strip("</> ").split()[0].lower() if token.strip("</> ") else ""
            if name not in VOID_TAGS and not token.endswith("/>"):
                depth += 1
        elif depth == 0:
            top_level.append((offset, offset + len(token)))
        offset += len(token)
    return [
        match.start()
        for match in SENTENCE_END_RE.finditer(html)
        if any(start < match.start() <= end for start, end in top_level)
        and not html[:match.start()].endswith(NOT_SENTENCE_ENDS)
    ]


def lead_html(html, minimum=LEAD_MIN_CHARACTERS):
    """The first sentence of the first paragraph (or list item) of `html`, as a paragraph.

    A short first sentence takes the second with it; a lead that introduces a list ("Use 301
    when:") ends with a full stop instead of the colon."""
    block = FIRST_BLOCK_RE.match(html) or re.search(r"<p>(.*?)</p>()", html, re.S)
    if not block:
        return ""
    content = (block.group(1) or block.group(2) or "").strip()
    ends = sentence_ends(content) + [len(content)]
    lead = content[:ends[0]]
    if len(TAG_RE.sub("", lead)) < minimum and len(ends) > 1:
        longer = content[:ends[1]].rstrip()
        if not longer.endswith(":"):
            lead = longer
    lead = lead.rstrip()
    if lead.endswith(":"):
        lead = lead[:-1] + "."
    return f"<p>{lead}</p>"
