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
from markdown.postprocessors import Postprocessor

# [[301]] links to a code's page. Three digits, first 1-5: the range of status codes.
CODE_LINK_PATTERN = r"\[\[([1-5][0-9]{2})\]\]"
CODE_LINK_RE = re.compile(CODE_LINK_PATTERN)
# What authors write meaning a code link: validation checks the number against the site's codes.
LINK_SHAPE_RE = re.compile(r"\[\[([0-9]{3})\]\]")
# [[obs:requests/redirect/301/PUT]] cites one measured observation (clients/): client/scenario/code/method.
OBSERVATION_KEY_PATTERN = r"[a-z0-9][a-z0-9.-]{0,39}/[a-z0-9][a-z0-9-]{0,39}/[1-5][0-9]{2}/[A-Z]{1,10}"
OBSERVATION_KEY_RE = re.compile(OBSERVATION_KEY_PATTERN)
CITATION_PATTERN = rf"\[\[obs:({OBSERVATION_KEY_PATTERN})\]\]"
CITATION_RE = re.compile(CITATION_PATTERN)
# What a citation is stored as: a placeholder that the page fills with the current measurement when
# it is shown (clients/citations.py), so a re-measurement never leaves an old value in stored HTML.
PLACEHOLDER_RE = re.compile(rf'<data class="obs" value="({OBSERVATION_KEY_PATTERN})">[^<]*</data>')
# Raw HTML an author writes cannot make a placeholder: its <data> tags are shown as text.
RAW_DATA_TAG_RE = re.compile(r"<(/?data\b)", re.IGNORECASE)

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "data",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h3",
    "h4",
    "hr",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "code": {"class"},
    "data": {"value"},
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


class CitationProcessor(InlineProcessor):
    """Turns [[obs:KEY]] into the placeholder <data class="obs" value="KEY">KEY</data> (never inside code)."""

    def handleMatch(self, m, data):
        element = etree.Element("data")
        element.set("class", "obs")
        element.set("value", m.group(1))
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class RawDataTagPostprocessor(Postprocessor):
    """Escapes <data> in the author's raw HTML before it is put back, so only a citation makes one."""

    def run(self, text):
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str):
                blocks[index] = RAW_DATA_TAG_RE.sub(r"&lt;\1", block)
        return text


class CitationExtension(markdown.Extension):
    def extendMarkdown(self, md):
        # Beside the code link: above reference links (160), below backticks (190).
        md.inlinePatterns.register(CitationProcessor(CITATION_PATTERN, md), "observation_citation", 176)
        # Before raw_html (30) puts the stashed author HTML back.
        md.postprocessors.register(RawDataTagPostprocessor(md), "raw_data_tag", 35)


def placeholder_value(tag, attribute, value):
    """nh3's last word on attributes: <data> keeps its class and a value that is an observation key."""
    if tag != "data" or attribute == "class":
        return value
    return value if attribute == "value" and OBSERVATION_KEY_RE.fullmatch(value) else None


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
        return (
            "<code>"
            + TOKEN_RUN_RE.sub(
                lambda token: (
                    f'<span class="nobr">{token.group(0)}</span>' if breakable(token.group(0)) else token.group(0)
                ),
                text,
            )
            + "</code>"
        )

    return INLINE_CODE_RE.sub(wrap_tokens, html)


# Bounds on one Markdown field. Python-Markdown scans forward from every "[" and "<" for the
# closing bracket, so a paragraph of unclosed openers costs openers x length: 16,000 "[" take
# over 20 s. The shipped content's largest field is about 2,000 characters and its costliest
# scores about 31,000 (render_cost); these limits leave five times the length and eight times
# the cost, and keep any accepted field's render near 0.2 s on a busy 2-core machine
# (tests/authoring/test_markdown_limits.py measures it).
MAX_MARKDOWN_CHARS = 10_000
MAX_MARKDOWN_COST = 250_000
FENCED_BLOCK_RE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
MAX_MARKDOWN_NESTING = 12
NESTING_RE = re.compile(r"^(?:[ \t]*(?:[-*+>]|[0-9]{1,9}[.)])(?=[ \t]|$)[ \t]*)+", re.MULTILINE)
SHORTHAND_RE = re.compile(r"\[\[(?:[^\[\]\n]{0,100}\]\])?")


class MarkdownRefused(ValueError):
    """Text the pipeline will not render; the message says why, for the author."""


def normalise_newlines(text):
    """LF line endings, whatever a browser (CRLF) or an old file (CR) sent."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


def without_code(text):
    """The text with fenced blocks and code spans removed: where Markdown reads links and brackets."""
    return CODE_SPAN_RE.sub("", FENCED_BLOCK_RE.sub("", text))


def render_cost(text):
    """An estimate of Python-Markdown's work on the text, in characters scanned.

    Inline patterns scan from every "[" and "<" to the end of its paragraph; the raw-HTML pass
    scans from every "<" through the whole text; a run of backticks is matched against every
    later run. Code is left out: Markdown does not look inside it.
    """
    text = without_code(text)
    blocks = re.split(r"\n[ \t]*\n", text)
    per_paragraph = max((len(block) * (block.count("[") + block.count("<")) for block in blocks), default=0)
    longest_backticks = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return max(per_paragraph, len(text) * text.count("<"), len(text) * longest_backticks * 10)


def nesting_depth(text):
    """The deepest run of list and quote markers opening a line ("- - > 1. x" is 4 deep)."""
    return max(
        (
            len(re.findall(r"(?:[-*+>]|[0-9]{1,9}[.)])(?=[ \t]|$)", match.group(0))) + match.group(0).count("    ")
            for match in NESTING_RE.finditer(text)
        ),
        default=0,
    )


def bad_shorthands(text):
    """Each "[[" outside code that is neither a [[nnn]] code link nor an [[obs:KEY]] citation, as written."""
    found = []
    for match in SHORTHAND_RE.finditer(without_code(text or "")):
        if not (LINK_SHAPE_RE.fullmatch(match.group(0)) or CITATION_RE.fullmatch(match.group(0))):
            found.append(match.group(0))
    return found


def shorthand_advice(bad):
    """What an author reads about the shorthands `bad_shorthands` found, naming up to five."""
    named = ", ".join(repr(item) for item in bad[:5])
    if any(item.startswith("[[obs:") for item in bad):
        return f"cite observations as [[obs:client/scenario/code/method]], e.g. [[obs:curl/redirect/301/POST]]; not a citation: {named}"
    return f"write code links as [[404]]; not a code link: {named}"


def markdown_problem(text):
    """Why the pipeline refuses this text (too long, too costly to render), or None."""
    if not text:
        return None
    if len(text) > MAX_MARKDOWN_CHARS:
        return f"is limited to {MAX_MARKDOWN_CHARS:,} characters (it has {len(text):,})"
    if nesting_depth(text) > MAX_MARKDOWN_NESTING:
        return f"nests lists or quotes more than {MAX_MARKDOWN_NESTING} deep"
    if render_cost(text) > MAX_MARKDOWN_COST:
        return (
            "has a paragraph with too many unclosed '[' or '<' to render safely; "
            "close the brackets, put them in `code`, or split the paragraph"
        )
    return None


INTERNAL_LINK_REL_RE = re.compile(r'<a href="/(?!/)([^"]*)" rel="noopener">')


def render_markdown(text):
    """Render author Markdown to sanitized HTML safe to store and show.

    Refuses (MarkdownRefused) text over the size and cost limits, so that no save path, preview
    or loader can tie up a worker; forms and the loader report the same problem first.
    """
    if not text:
        return ""
    text = normalise_newlines(text)
    problem = markdown_problem(text)
    if problem:
        raise MarkdownRefused(f"This text {problem}.")
    try:
        html = markdown.markdown(
            text,
            extensions=["fenced_code", "tables", "sane_lists", CodeLinkExtension(), CitationExtension()],
            output_format="html",
        )
    except RecursionError:
        raise MarkdownRefused("This text nests too deeply to render.") from None
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"data": {"obs"}},
        attribute_filter=placeholder_value,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
    # rel="noopener" guards a page from the sites it links to; our own pages need none (about
    # 1.6 KB on a comparison page).
    return keep_tokens_whole(INTERNAL_LINK_REL_RE.sub(r'<a href="/\1">', clean))


def cited_observations(text):
    """The observation keys a Markdown text cites with [[obs:KEY]] (outside code), for validation."""
    return set(CITATION_RE.findall(without_code(text or "")))


def linked_codes(text):
    """The codes a Markdown text links with the [[301]] shorthand (outside code), for validation."""
    return {int(code) for code in LINK_SHAPE_RE.findall(without_code(text or ""))}


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
        and not html[: match.start()].endswith(NOT_SENTENCE_ENDS)
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
    lead = content[: ends[0]]
    if len(TAG_RE.sub("", lead)) < minimum and len(ends) > 1:
        longer = content[: ends[1]].rstrip()
        if not longer.endswith(":"):
            lead = longer
    lead = lead.rstrip()
    if lead.endswith(":"):
        lead = lead[:-1] + "."
    return f"<p>{lead}</p>"
