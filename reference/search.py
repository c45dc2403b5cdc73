"""Search over codes and comparisons: numbers, classes, words, synonyms, small typos."""
import difflib
import re

from comparisons.models import Comparison

from .models import StatusCode

MAX_QUERY_LENGTH = 100

# What people type, mapped to the codes they mean.
SYNONYMS = {
    "rate limit": [429], "rate limited": [429], "throttled": [429], "too many": [429],
    "moved": [301, 308], "redirect": [301, 302, 303, 307, 308], "permanent redirect": [301, 308],
    "temporary redirect": [302, 307], "timeout": [408, 504], "timed out": [408, 504, 522, 524],
    "not allowed": [405], "forbidden": [403], "unauthorized": [401], "login": [401],
    "auth": [401, 403, 407], "missing": [404], "gone": [410], "deleted": [410, 404],
    "not found": [404], "validation": [422, 400], "invalid": [400, 422],
    "maintenance": [503], "down": [503, 502, 521], "overloaded": [503, 529],
    "upstream": [502, 504], "proxy": [502, 504, 407], "bad gateway": [502],
    "cache": [304], "not modified": [304], "conflict": [409], "duplicate": [409],
    "created": [201], "no content": [204], "empty": [204], "async": [202], "queued": [202],
    "too large": [413, 431], "upload": [413], "range": [206, 416], "partial": [206],
    "teapot": [418], "legal": [451], "censored": [451], "payment": [402], "precondition": [412, 428],
    "csrf": [419, 403], "client closed": [499], "cloudflare": [520, 521, 522, 523, 524, 525, 526],
    "ssl": [495, 496, 525, 526], "tls": [495, 496, 525, 526], "websocket": [101, 426],
}
PAIR_RE = re.compile(r"^\s*([1-5][0-9]{2})\s*(?:vs\.?|versus|or|and|/|,|\s)\s*([1-5][0-9]{2})\s*$", re.I)
CLASS_RE = re.compile(r"^\s*([1-5])xx\s*$", re.I)
PREFIX_RE = re.compile(r"^\s*([1-5][0-9]?)\s*$")
WORD_RE = re.compile(r"[a-z0-9]+")


class SearchResult:
    """What a query means: a place to go, or a ranked list of codes and comparisons."""

    def __init__(self, redirect_to=None, codes=(), comparisons=()):
        self.redirect_to = redirect_to
        self.codes = list(codes)
        self.comparisons = list(comparisons)


def search(query):
    query = (query or "").strip()
    if not query:
        return SearchResult()
    codes = list(StatusCode.objects.published().only("code", "reason", "summary", "standing", "origin"))
    by_number = {code.code: code for code in codes}

    if query.isascii() and query.isdigit() and len(query) == 3 and int(query) in by_number:
        return SearchResult(redirect_to=by_number[int(query)].get_absolute_url())
    pair = PAIR_RE.match(query)
    if pair:
        first, second = sorted(int(n) for n in pair.groups())
        comparison = Comparison.objects.published().with_codes().filter(slug=Comparison.slug_for(first, second)).first()
        if comparison:
            return SearchResult(redirect_to=comparison.get_absolute_url())
        found = [by_number[n] for n in (first, second) if n in by_number]
        if len(found) == 2 and first != second:
            return SearchResult(redirect_to=f"/compare/?codes={first},{second}")
        return SearchResult(codes=found)
    klass = CLASS_RE.match(query)
    if klass:
        return SearchResult(codes=[c for c in codes if c.class_digit == int(klass.group(1))])
    prefix = PREFIX_RE.match(query)
    if prefix:
        return SearchResult(codes=[c for c in codes if str(c.code).startswith(prefix.group(1))])

    lowered = query.lower()
    scores = {}

    def add(code_number, points):
        if code_number in by_number:
            scores[code_number] = scores.get(code_number, 0) + points

    for phrase, numbers in SYNONYMS.items():
        if phrase in lowered:
            for rank, number in enumerate(numbers):
                add(number, 8 - rank * 0.1)
    vocabulary = {}
    for code in codes:
        for word in WORD_RE.findall(code.reason.lower()):
            vocabulary.setdefault(word, set()).add(code.code)
    for word in WORD_RE.findall(lowered):
        if word.isascii() and word.isdigit():
            add(int(word), 10)
            continue
        if len(word) < 3:
            continue
        matches = [word] if word in vocabulary else difflib.get_close_matches(word, vocabulary, n=3, cutoff=0.8)
        for match in matches:
            for number in vocabulary[match]:
                add(number, 5 if match == word else 3)
        for code in codes:
            if word in code.summary.lower():
                add(code.code, 1)
    if lowered in {code.reason.lower() for code in codes}:
        for code in codes:
            if code.reason.lower() == lowered:
                return SearchResult(redirect_to=code.get_absolute_url())
    ranked = sorted(scores, key=lambda number: (-scores[number], number))
    found = [by_number[number] for number in ranked]
    comparisons = Comparison.objects.published().with_codes().filter(
        code_a__code__in=ranked[:5], code_b__code__in=ranked[:10]
    )[:5] if ranked else []
    return SearchResult(codes=found[:30], comparisons=comparisons)
