"""What a query means: a place to go (a code, a pair), or ranked pages with snippets.

Shortcuts come first (an exact code, "301 vs 307", a class, a number prefix, an exact reason
phrase, an error's exact name such as ERR_CACHE_MISS); anything else goes to the full-text engine, with misspelt words corrected against
the index's own vocabulary by trigram similarity.
"""

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from authoring.models import per_revision
from comparisons.models import Comparison
from errors.models import ErrorGuide, slug_named_by
from reference.models import StatusCode

from .backends import Row, backend, fields_for
from .documents import MARK_END, MARK_START
from .models import SearchDocument, SearchTerm

MAX_QUERY_LENGTH = 100
MAX_WORDS = 12
MIN_CORRECTED_LENGTH = 4
# What one answer shows: twenty results, as a search engine's page shows ten. Each costs two FTS5
# snippets, the largest share of a search's SQL; 12/6/6 cost 7% more per search over the relevance set.
MAX_CODES, MAX_COMPARISONS, MAX_ERRORS = 10, 5, 5
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
STOP_WORDS_FILE = Path(__file__).with_name("stopwords.txt")
STOP_WORDS = frozenset(
    line.strip() for line in STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
) - {""}


def most_marked(candidates):
    """The snippet with the most matched words; on a tie the first (the lead: a summary or a
    question reads better than a list of aliases)."""

    def marked_words(snippet):
        return sum(len(WORD_RE.findall(found)) for found in MARKED_RE.findall(snippet))

    return max(candidates or [""], key=marked_words)


def highlighted(snippet):
    """Escape a snippet, then turn the engine's markers into <mark>: safe for any content."""
    return mark_safe(html.escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


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

    def as_html(self):
        """The result's <li>, escaped; built here because one include per hit cost 0.6 ms of a
        2.9 ms search (24 hits). html.escape is Django's escape without its lazy-string check."""
        section = (
            f'<a class="search-section" href="{html.escape(self.url)}">{html.escape(self.section)}</a>'
            if self.section and self.section != "Summary"
            else ""
        )
        snippet = f'<p class="snippet">{conditional_escape(self.snippet)}</p>' if self.snippet else ""
        return (
            f'<li class="search-result" data-kind="{html.escape(self.kind)}" data-key="{html.escape(self.key)}">'
            f'<a class="search-title" href="{html.escape(self.page_url)}">{html.escape(self.title)}</a>'
            f"{section}{snippet}</li>"
        )

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

    def sections(self):
        """[(id, heading, <li> items as safe HTML)] for the kinds with hits, codes first."""
        groups = [
            ("codes", "Codes", self.codes),
            ("comparisons", "Comparisons", self.comparisons),
            ("errors", "Errors without a status", self.errors),
        ]
        return [
            (key, heading, mark_safe("".join(hit.as_html() for hit in hits))) for key, heading, hits in groups if hits
        ]

    def as_json(self, query):
        return {
            "query": query,
            "redirect": self.redirect_to,
            "corrections": self.corrections,
            "codes": [hit.as_json() for hit in self.codes],
            "comparisons": [hit.as_json() for hit in self.comparisons],
            "errors": [hit.as_json() for hit in self.errors],
        }


@dataclass
class Catalogue:
    """Every published page a search can show, with only what a result needs; built once per
    content revision (a few hundred small rows), so a search asks the database only for its matches."""

    codes: dict  # code number -> StatusCode
    comparisons: dict  # slug -> Comparison
    guides: dict  # slug -> ErrorGuide
    reasons: dict = field(init=False)  # reason phrase, case-folded -> the lowest code with it
    items_by_key: dict = field(init=False)  # (index row kind, index row key) -> the page's object

    def __post_init__(self):
        self.reasons = {}
        for number in sorted(self.codes):
            self.reasons.setdefault(self.codes[number].reason.casefold(), self.codes[number])
        self.items_by_key = {
            **{(SearchDocument.Kind.CODE, str(number)): code for number, code in self.codes.items()},
            **{(SearchDocument.Kind.COMPARISON, slug): c for slug, c in self.comparisons.items()},
            **{(SearchDocument.Kind.ERROR, slug): guide for slug, guide in self.guides.items()},
        }

    def codes_between(self, low, high):
        return [code for number, code in sorted(self.codes.items()) if low <= number < high]


@per_revision
def catalogue():
    codes = StatusCode.objects.published().only("code", "reason", "former_reasons", "summary").order_by("code")
    comparisons = Comparison.objects.published().as_links()
    guides = ErrorGuide.objects.published().only("slug", "name", "summary")
    return Catalogue(
        codes={code.code: code for code in codes},
        comparisons={comparison.slug: comparison for comparison in comparisons},
        guides={guide.slug: guide for guide in guides},
    )


def shown_items(rows):
    """{(kind, key): StatusCode, Comparison or ErrorGuide} for the rows shown (published ones only)."""
    items = catalogue().items_by_key
    return {(row.kind, row.key): items[row.kind, row.key] for row in rows if (row.kind, row.key) in items}


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
    known = catalogue()
    exact = CODE_RE.match(query)
    code = exact and known.codes.get(int(exact.group(1)))
    if code:
        return SearchResult(redirect_to=code.get_absolute_url(), ranked=code_hits([code]))
    pair = PAIR_RE.match(query)
    if pair:
        first, second = sorted(int(n) for n in pair.groups())
        comparison = known.comparisons.get(Comparison.slug_for(first, second))
        if comparison:
            hit = Hit(
                item=comparison,
                kind=SearchDocument.Kind.COMPARISON,
                url=comparison.get_absolute_url(),
                section="Summary",
                snippet=highlighted(comparison.gist),
            )
            return SearchResult(redirect_to=hit.url, ranked=[hit])
        found = [known.codes[number] for number in (first, second) if number in known.codes]
        if len(found) == 2:
            return SearchResult(redirect_to=f"/compare/?codes={first},{second}")
        return SearchResult(ranked=code_hits(found))
    klass = CLASS_RE.match(query)
    if klass:
        digit = int(klass.group(1))
        return SearchResult(ranked=code_hits(known.codes_between(digit * 100, digit * 100 + 100)))
    prefix = PREFIX_RE.match(query)
    if prefix:
        digits = prefix.group(1)
        low = int(digits.ljust(3, "0"))
        return SearchResult(ranked=code_hits(known.codes_between(low, low + 10 ** (3 - len(digits)))))
    reason = known.reasons.get(query.strip().casefold())
    if reason:
        return SearchResult(redirect_to=reason.get_absolute_url(), ranked=code_hits([reason]))
    guide = known.guides.get(slug_named_by(query))
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


@per_revision
def vocabulary():
    """Every indexed word (a few thousand), read once per content revision. A process that has not
    yet seen a save asks the engine about a new word (has_match), so it is never "corrected"."""
    return frozenset(SearchTerm.objects.values_list("word", flat=True))


def corrections_for(words, engine):
    """{misspelt word: [indexed words]} for the words the index cannot match at all."""
    candidates = [word for word in words if len(word) >= MIN_CORRECTED_LENGTH and not word.isdigit()]
    known = vocabulary()
    corrections = {}
    for word in candidates:
        # A word the index holds as written needs no correction; one it holds only stemmed
        # ("redirecting") matches, and the engine says so.
        if word not in known and not engine.has_match(word):
            similar = engine.similar_words(word)
            if similar:
                corrections[word] = similar
    return corrections


def best_pages(scored):
    """[(score, best row)] per page, best first, cut to what one answer shows; `scored` is the
    engine's [(row id, score)], best first. Rows are built for the shown pages only."""
    fields = fields_for([row_id for row_id, _ in scored])
    pages = {}
    for row_id, score in scored:
        found = fields.get(row_id)
        if found is None:  # deleted since it matched
            continue
        page = pages.get((found[0], found[1]))
        if page is None:
            pages[found[0], found[1]] = [score, row_id, score]
        else:
            page[0] += OTHER_ROWS_SHARE * score
    ordered = sorted(pages.values(), key=lambda page: -page[0])
    shown = []
    for kind, limit in (
        (SearchDocument.Kind.CODE, MAX_CODES),
        (SearchDocument.Kind.COMPARISON, MAX_COMPARISONS),
        (SearchDocument.Kind.ERROR, MAX_ERRORS),
    ):
        shown += [page for page in ordered if fields[page[1]][0] == kind][:limit]
    shown.sort(key=lambda page: -page[0])
    return [(total, Row(row_id, *fields[row_id], score)) for total, row_id, score in shown]


def search(query):
    query = CONTROL_RE.sub(" ", query or "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return SearchResult()
    result = shortcut(query)
    if result is not None:
        return result
    sequence = [word.lower() for word in WORD_RE.findall(query)]
    typed = list(dict.fromkeys(sequence))
    if not typed:
        return SearchResult()
    # Stop words count only inside the phrase: alone, "a" or "from" matches nearly every row.
    words = [word for word in typed if word not in STOP_WORDS][:MAX_WORDS] or typed[:MAX_WORDS]
    engine = backend()
    corrections = corrections_for(words, engine)
    terms = words + [w for similar in corrections.values() for w in similar if w not in words]
    phrases = [" ".join(sequence[:MAX_WORDS])] if len(sequence) > 1 else []  # as typed, repeats too
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
