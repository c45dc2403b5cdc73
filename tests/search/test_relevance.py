"""Relevance: the shipped content answers what developers type (tests/search/relevance.txt)."""

import re
from pathlib import Path

import pytest

from comparisons.models import Comparison
from errors.models import ErrorGuide
from reference.models import StatusCode
from search.query import search

pytestmark = pytest.mark.django_db

RELEVANCE_FILE = Path(__file__).with_name("relevance.txt")
TARGET_HIT_AT_3 = 0.97
REDIRECT_RE = re.compile(r"^/(?:codes|compare|errors)/([0-9]{3}|[0-9]{3}-vs-[0-9]{3}|[a-z0-9]+(?:-[a-z0-9]+)*)/$")
PAGE_KEY_RE = re.compile(r"[1-5][0-9]{2}(-vs-[1-5][0-9]{2})?")


def relevance_set():
    queries = []
    for line in RELEVANCE_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, _, answers = line.rpartition(" = ")
            queries.append((query, [answer.strip() for answer in answers.split(",")]))
    return queries


def ranked_keys(query):
    """What a visitor sees, in order: a shortcut's target, else the ranked pages."""
    result = search(query)
    if result.redirect_to:
        match = REDIRECT_RE.match(result.redirect_to)
        return [match.group(1)] if match else [result.redirect_to]
    return [hit.key for hit in result.ranked]


def test_relevance_set_is_large_and_well_formed():
    queries = relevance_set()
    assert len(queries) >= 150
    assert len({query.lower() for query, _ in queries}) == len(queries), "a query appears twice"
    guides = set(ErrorGuide.objects.published().values_list("slug", flat=True))
    for query, answers in queries:
        # An answer is a code, a comparison slug or a published error guide's slug.
        assert query and all(PAGE_KEY_RE.fullmatch(a) or a in guides for a in answers), query


def authored_aliases():
    aliases = set()
    for model in (StatusCode, Comparison):
        for values in model.objects.values_list("aliases", flat=True):
            aliases.update(alias.lower() for alias in values)
    return aliases


def test_hit_at_3_reaches_the_target(capsys):
    queries = relevance_set()
    verbatim = authored_aliases()
    misses_at_1, misses_at_3, other_misses_at_3 = [], [], []
    for query, answers in queries:
        keys = ranked_keys(query)
        if not set(answers) & set(keys[:1]):
            misses_at_1.append(query)
        if not set(answers) & set(keys[:3]):
            misses_at_3.append(f"{query!r}: wanted {answers}, got {keys[:3]}")
            if query.lower() not in verbatim:
                other_misses_at_3.append(query)
    hit_at_1 = 1 - len(misses_at_1) / len(queries)
    hit_at_3 = 1 - len(misses_at_3) / len(queries)
    # Queries that are an author's alias word for word say less about the engine: report them apart.
    others = [query for query, _ in queries if query.lower() not in verbatim]
    with capsys.disabled():
        print(
            f"\nrelevance over {len(queries)} queries: hit@1 {hit_at_1:.3f}, hit@3 {hit_at_3:.3f}; "
            f"over the {len(others)} that are no alias verbatim: hit@3 {1 - len(other_misses_at_3) / len(others):.3f}"
        )
        for miss in misses_at_3:
            print(f"  miss@3 {miss}")
    assert hit_at_3 >= TARGET_HIT_AT_3, "\n".join(misses_at_3)
