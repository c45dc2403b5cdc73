"""What a query means: a place to go (a code, a pair), or ranked pages with snippets.

Shortcuts come first (an exact code, "301 vs 307", a class, a number prefix, an exact reason
phrase, an error's exact name such as ERR_CACHE_MISS); anything else goes to the full-text engine, with misspelt words corrected against
the index's own vocabulary by trigram similarity.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from comparisons.models import Comparison
from errors.models import ErrorGuide
from reference.models import StatusCode

from .backends import backend
from .documents import MARK_END, MARK_START
from .models import SearchDocument, SearchTerm

MAX_QUERY_LENGTH = 100
MAX_WORDS = 12
MIN_CORRECTED_LENGTH = 4
# What one answer shows (each result costs a snippet, the slowest part of a search).
MAX_CODES, MAX_COMPARISONS, MAX_ERRORS = 12, 6, 6
# A page's score: its best row, plus this share of each other matching row (measured on
# tests/search/relevance.txt: 0.2 beat 0, 0.05, 0.1 and capping the rows counted).
OTHER_ROWS_SHARE = 0.2
PAIR_RE = re.compile(r"^\s*([1-5][0-9]{2})\s*(?:vs\.?|versus|or|and|/|,|\s)\s*([1-5][0-9]{2})\s*$", re.I)
CLASS_RE = re.compile(r"^\s*([1-5])xx\s*$", re.I)
PREFIX_RE = re.compile(r"^\s*([1-5][0-9]?)\s*$")
CODE_RE = re.compile(r"^\s*([1-5][0-9]{2})\s*$")
# Letters and digits, as the engines' tokenizers split words: quotes, stars, brackets and
# operators typed by a visitor are separators, never query syntax.
WORD_RE = re.compile(r"[^\W_]+")
# PostgreSQL refuses NUL in text, and no query needs control characters.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
MARKED_RE = re.compile(f"{MARK_START}(.*?){MARK_END}")


def most_marked(candidates):
    """The snippet with the most matched words; on a tie the first (the lead: a summary or a
    question reads better than a list of aliases)."""

    def marked_words(snippet):
        return sum(len(WORD_RE.findall(found)) for found in MARKED_RE.findall(snippet))

    return max(candidates or [""], key=marked_words)


def highlighted(snippet):
    """Escape a snippet, then turn the engine's markers into <mark>: safe for any content."""
    return mark_safe(escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


@dataclass
class Hit:
    """One page in the results, with the section that matched best."""

    item: object  # a StatusCode, a Comparison or an ErrorGuide
    kind: str
    url: str
    section: str = ""
    snippet: str = ""
    score: float = 0.0

    @property
    def page_url(self):
        return self.url.split("#")[0]

    @property
    def key(self):
        return str(self.item.code) if self.kind == SearchDocument.Kind.CODE else self.item.slug

    @property
    def title(self):
        return self.item.name if self.kind == SearchDocument.Kind.ERROR else self.item.title

    def as_json(self):
        data = {"type": self.kind, "url": self.url, "section": self.section, "snippet_html": str(self.snippet)}
        if self.kind == SearchDocument.Kind.CODE:
            data.update(code=self.item.code, title=self.title)
        else:
            data.update(slug=self.item.slug, title=self.title)
        return data


@dataclass
class SearchResult:
    redirect_to: str = None
    ranked: list = field(default_factory=list)  # every hit, best first
    corrections: dict = field(default_factory=dict)  # misspelt word -> the indexed words used

    @property
    def codes(self):
        return [hit for hit in self.ranked if hit.kind == SearchDocument.Kind.CODE][:MAX_CODES]

    @property
    def comparisons(self):
        return [hit for hit in self.ranked if hit.kind == SearchDocument.Kind.COMPARISON][:MAX_COMPARISONS]

    @property
    def errors(self):
        return [hit for hit in self.ranked if hit.kind == SearchDocument.Kind.ERROR][:MAX_ERRORS]

    def as_json(self, query):
        return {
            "query": query,
            "redirect": self.redirect_to,
            "corrections": self.corrections,
            "codes": [hit.as_json() for hit in self.codes],
            "comparisons": [hit.as_json() for hit in self.comparisons],
            "errors": [hit.as_json() for hit in self.errors],
        }


def shown_items(rows):
    """{(kind, key): StatusCode, Comparison or ErrorGuide} for the rows shown, with only what a result needs."""

    def keys_of(kind):
        return [row.key for row in rows if row.kind == kind]

    items = {}
    if codes := keys_of(SearchDocument.Kind.CODE):  # no query for a kind that has no row shown
        found = StatusCode.objects.published().filter(code__in=[int(k) for k in codes]).only("code", "reason")
        items.update({(SearchDocument.Kind.CODE, str(code.code)): code for code in found})
    if slugs := keys_of(SearchDocument.Kind.COMPARISON):
        found = Comparison.objects.published().filter(slug__in=slugs).only("slug", "title")
        items.update({(SearchDocument.Kind.COMPARISON, c.slug): c for c in found})
    if slugs := keys_of(SearchDocument.Kind.ERROR):
        found = ErrorGuide.objects.published().filter(slug__in=slugs).only("slug", "name")
        items.update({(SearchDocument.Kind.ERROR, g.slug): g for g in found})
    return items


def code_hits(codes):
    return [
        Hit(
            item=code,
            kind=SearchDocument.Kind.CODE,
            url=code.get_absolute_url(),
            section="Summary",
            snippet=highlighted(code.summary),
        )
        for code in codes
    ]


def shortcut(query):
    """A SearchResult for queries that name codes directly, else None."""
    published = StatusCode.objects.published()
    exact = CODE_RE.match(query)
    code = exact and published.filter(code=int(exact.group(1))).first()
    if code:
        return SearchResult(redirect_to=code.get_absolute_url(), ranked=code_hits([code]))
    pair = PAIR_RE.match(query)
    if pair:
        first, second = sorted(int(n) for n in pair.groups())
        comparison = Comparison.objects.published().with_codes().filter(slug=Comparison.slug_for(first, second)).first()
        if comparison:
            hit = Hit(
                item=comparison,
                kind=SearchDocument.Kind.COMPARISON,
                url=comparison.get_absolute_url(),
                section="Summary",
                snippet=highlighted(comparison.gist),
            )
            return SearchResult(redirect_to=hit.url, ranked=[hit])
        found = list(published.filter(code__in=[first, second]))
        if len(found) == 2:
            return SearchResult(redirect_to=f"/compare/?codes={first},{second}")
        return SearchResult(ranked=code_hits(found))
    klass = CLASS_RE.match(query)
    if klass:
        return SearchResult(ranked=code_hits(published.by_class(klass.group(1))))
    prefix = PREFIX_RE.match(query)
    if prefix:
        digits = prefix.group(1)
        low = int(digits.ljust(3, "0"))
        return SearchResult(ranked=code_hits(published.filter(code__gte=low, code__lt=low + 10 ** (3 - len(digits)))))
    reason = published.filter(reason__iexact=query.strip()).first()
    if reason:
        return SearchResult(redirect_to=reason.get_absolute_url(), ranked=code_hits([reason]))
    guide = ErrorGuide.objects.published().named(query).only("slug", "name", "summary").first()
    if guide:
        hit = Hit(
            item=guide,
            kind=SearchDocument.Kind.ERROR,
            url=guide.get_absolute_url(),
            section="Summary",
            snippet=highlighted(guide.summary),
        )
        return SearchResult(redirect_to=hit.url, ranked=[hit])
    return None


def corrections_for(words, engine):
    """{misspelt word: [indexed words]} for the words the index cannot match at all."""
    candidates = [word for word in words if len(word) >= MIN_CORRECTED_LENGTH and not word.isdigit()]
    known = set(SearchTerm.objects.filter(word__in=candidates).values_list("word", flat=True))
    corrections = {}
    for word in candidates:
        # A word the index holds as written needs no correction; one it holds only stemmed
        # ("redirecting") matches, and the engine says so.
        if word not in known and not engine.has_match(word):
            similar = engine.similar_words(word)
            if similar:
                corrections[word] = similar
    return corrections


def best_pages(rows):
    """[(score, best row)] per page, best first, cut to what one answer shows."""
    pages = {}
    for row in rows:  # best first
        page = pages.setdefault((row.kind, row.key), [row.score, row])
        if page[1] is not row:
            page[0] += OTHER_ROWS_SHARE * row.score
    ordered = sorted(pages.values(), key=lambda page: -page[0])
    shown = []
    for kind, limit in (
        (SearchDocument.Kind.CODE, MAX_CODES),
        (SearchDocument.Kind.COMPARISON, MAX_COMPARISONS),
        (SearchDocument.Kind.ERROR, MAX_ERRORS),
    ):
        shown += [page for page in ordered if page[1].kind == kind][:limit]
    return sorted(shown, key=lambda page: -page[0])


def search(query):
    query = CONTROL_RE.sub(" ", query or "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResult()
    result = shortcut(query)
    if result is not None:
        return result
    words = list(dict.fromkeys(word.lower() for word in WORD_RE.findall(query)))[:MAX_WORDS]
    if not words:
        return SearchResult()
    engine = backend()
    corrections = corrections_for(words, engine)
    terms = words + [w for similar in corrections.values() for w in similar if w not in words]
    phrases = [" ".join(words)] if len(words) > 1 else []
    pages = best_pages(engine.match(terms, phrases))
    snippets = engine.snippets([row.id for _, row in pages], terms, phrases)
    items = shown_items([row for _, row in pages])
    ranked = [
        Hit(
            item=items[row.kind, row.key],
            kind=row.kind,
            url=row.url,
            section=row.section,
            snippet=highlighted(most_marked(snippets.get(row.id))),
            score=score,
        )
        for score, row in pages
        if (row.kind, row.key) in items
    ]
    return SearchResult(ranked=ranked, corrections=corrections)
