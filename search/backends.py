"""The two engines behind one interface: SQLite FTS5 and PostgreSQL full-text search.

Each backend answers four questions: which index rows match these words (ids and scores), what are
their snippets, does a word match anything at all, and which indexed word looks like a
misspelt one. Words reach the engines only as bound parameters or double-quoted FTS5 strings of
letters and digits, so no query syntax typed by a visitor is ever interpreted.
"""

from typing import NamedTuple

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection

from authoring.models import per_revision

from .documents import MARK_END, MARK_START
from .models import SearchDocument, SearchTerm

# Column weights, heaviest first: name, aliases, lead, body (see SearchDocument).
FTS5_WEIGHTS = "10.0, 8.0, 3.0, 1.0"
# ts_rank's {D, C, B, A}: body D, lead C, aliases B, name A (migration 0004), as FTS5_WEIGHTS.
POSTGRES_WEIGHTS = "{0.1, 0.3, 0.8, 1.0}"
# pg_trgm's similarity a misspelt word must reach with an indexed word to be corrected to it.
SIMILARITY_THRESHOLD = 0.4
# ts_rank normalization 32 maps a rank r to r / (r + 1): a term's weight saturates, as in BM25,
# so one word repeated in a long section cannot outweigh two different words. Measured on
# tests/search/relevance.txt (hit@3, before migration 0004): 32 0.991, 0 0.978, 1 (divide by
# log length) 0.969.
RANK_NORMALIZATION = 32
MATCH_LIMIT = 400
# A word in more than this share of the index rows is common: it adds to the scores of rows found by
# the others, and finds none itself (see SQLiteBackend.match). Measured on tests/search/relevance.txt:
# 0.08, 0.1, 0.2 and no split (1.0) all give hit@3 0.987, hit@1 0.937-0.942; 0.1 costs least of those.
COMMON_SHARE = 0.1
LEAD_COLUMN = 2  # search_fts(name, aliases, lead, body)
HIDDEN_BRACKETS = "\ue002\ue003"  # private-use stand-ins for < and > (documents.text() drops them)
UNHIDE_BRACKETS = str.maketrans(HIDDEN_BRACKETS, "<>")
SNIPPET_WORDS = 24


ROW_FIELDS = ("kind", "key", "section", "url")


class Row(NamedTuple):
    """The index row a result shows."""

    id: int
    kind: str
    key: str
    section: str
    url: str
    score: float  # higher is better


@per_revision
def row_fields():
    """{row id: (kind, key, section, url)} of every index row (a few thousand), read once per content
    revision, so a match asks the engine only for ids and scores: joining the rows cost FTS5 a third
    of its time on a four-word query."""
    return {row_id: fields for row_id, *fields in SearchDocument.objects.values_list("id", *ROW_FIELDS)}


def fields_for(row_ids):
    """{row id: (kind, key, section, url)} covering `row_ids`. Ids this process has not seen yet (a
    save in another process, before this one rereads the revision) are read from the table; ids are
    never reused (AUTOINCREMENT, sequences), so a known id always means the same row."""
    fields = row_fields()
    missing = [row_id for row_id in row_ids if row_id not in fields]
    if missing:
        found = SearchDocument.objects.filter(id__in=missing).values_list("id", *ROW_FIELDS)
        fields = {**fields, **{row_id: values for row_id, *values in found}}
    return fields


def trigrams(word):
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def trigram_similarity(first, second):
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two words."""
    a, b = trigrams(first), trigrams(second)
    return len(a & b) / len(a | b)


class SQLiteBackend:
    """FTS5: a porter-stemmed table for the rows, a trigram table over the vocabulary."""

    @staticmethod
    def quoted(words):
        return ['"' + word.replace('"', '""') + '"' for word in words]

    def match(self, words, phrases=()):
        """[(row id, -bm25)] of the matching rows, best first.

        FTS5 computes bm25 for every row that matches any term, and a word found in a tenth of the
        rows ("request", "header", "response") makes that most of the index. So, as Lucene's
        CommonTermsQuery does (https://lucene.apache.org/core/10_2_2/queries/org/apache/lucene/
        queries/CommonTermsQuery.html), rows are found by the rarer words and the phrase only, and
        the common words' share of bm25 (a sum over terms) is computed for those rows and added:
        each row keeps the score one query would give it. Rows that only common words match are
        left out. On tests/search/relevance.txt hit@3 stays 0.987; a search for a log line costs 13
        to 45% less ("client intended to send too large body": 2.6 to 1.4 ms).
        """
        terms = [*words, *phrases]
        if len(terms) == 1:
            return self.scored(terms)
        common = set(self.common_words(words))
        rare = [word for word in words if word not in common]
        if not common or not (rare or phrases):
            return self.scored(terms)
        scores = dict(self.scored([*rare, *phrases]))
        if not scores:  # only the common words match: they are all there is to rank by
            return self.scored(terms)
        for row_id, score in self.scored(sorted(common), within=list(scores)):
            scores[row_id] += score
        return sorted(scores.items(), key=lambda item: -item[1])

    def scored(self, terms, within=None):
        """[(row id, -bm25)] for rows matching any of the terms, best first; `within`: these rows only."""
        expression = " OR ".join(self.quoted(terms))
        only = f"AND +rowid IN ({', '.join(['%s'] * len(within))}) " if within is not None else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -bm25(search_fts, {FTS5_WEIGHTS}) AS score FROM search_fts "
                f"WHERE search_fts MATCH %s {only}ORDER BY score DESC LIMIT {MATCH_LIMIT}",
                [expression, *(within or [])],
            )
            return cursor.fetchall()

    def common_words(self, words):
        """The words found in more than COMMON_SHARE of the index rows (counted in one statement)."""
        counts = ", ".join(["(SELECT count(*) FROM search_fts WHERE search_fts MATCH %s)"] * len(words))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {counts}", self.quoted(words))
            found = cursor.fetchone()
        limit = COMMON_SHARE * len(row_fields())
        return [word for word, count in zip(words, found, strict=True) if count > limit]

    def snippets(self, ids, words, phrases=()):
        """{row id: [snippet from the lead, snippet from the best matching column]}."""
        if not ids:
            return {}
        expression = " OR ".join(self.quoted(words) + self.quoted(phrases))
        marks = ", ".join(["%s"] * len(ids))
        snippet = f"snippet(search_fts, {{column}}, %s, %s, '…', {SNIPPET_WORDS})"
        # "+rowid": the unary plus keeps the IN list away from FTS5's rowid lookup, which would run
        # the whole query once per id (1.4 ms for a four-word log line); this way it runs once and
        # SQLite filters its rows (0.5 ms).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {snippet.format(column=LEAD_COLUMN)}, {snippet.format(column=-1)} FROM search_fts "
                f"WHERE search_fts MATCH %s AND +rowid IN ({marks})",
                [MARK_START, MARK_END, MARK_START, MARK_END, expression, *ids],
            )
            return {row_id: [lead, best] for row_id, lead, best in cursor.fetchall()}

    def has_match(self, word):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT 1", self.quoted([word]))
            return cursor.fetchone() is not None

    def similar_words(self, word, limit=1):
        grams = sorted(gram for gram in trigrams(word) if gram.strip() == gram)
        if not grams:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_term_trigram WHERE search_term_trigram MATCH %s ORDER BY rank LIMIT 50",
                [" OR ".join(self.quoted(grams))],
            )
            candidates = [found for (found,) in cursor.fetchall()]
        scored = sorted(((trigram_similarity(word, c), c) for c in candidates), reverse=True)
        return [c for similarity, c in scored if similarity >= SIMILARITY_THRESHOLD][:limit]

    def optimize(self):
        """Merge each FTS5 index into one segment. Every insert and delete adds segments that each
        query must read and merge: after load_content the search for a CORS message took 3.5 ms of
        SQL instead of 1.9. Merging the whole index takes about 25 ms, so it runs on every write."""
        with connection.cursor() as cursor:
            for table in ("search_fts", "search_term_trigram"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


class PostgresBackend:
    """tsvector with weights A/B/D and ts_rank; pg_trgm similarity over the vocabulary."""

    @staticmethod
    def tsquery(words, phrases):
        parts = ["plainto_tsquery('english', %s)"] * len(words) + ["phraseto_tsquery('english', %s)"] * len(phrases)
        return " || ".join(parts), [*words, *phrases]

    def match(self, words, phrases=()):
        """Rows scored as a sum over the query's terms of idf × ts_rank.

        ts_rank alone has no inverse document frequency, so a word on every page ("request",
        "server") outweighs the rare word that names the page ("upload", "certificate"): each
        term's rank is scaled by BM25's idf, counted over the index in the same statement.
        """
        terms = [("plainto_tsquery", word) for word in words] + [("phraseto_tsquery", phrase) for phrase in phrases]
        if not terms:
            return []
        queries = ", ".join(f"{function}('english', %s) AS q{i}" for i, (function, _) in enumerate(terms))
        counts = ", ".join(f"count(*) FILTER (WHERE d.vector @@ q.q{i}) AS n{i}" for i in range(len(terms)))
        idf = "ln(1 + (n.total - n.n{i} + 0.5) / (n.n{i} + 0.5))"
        score = " + ".join(
            f"{idf.format(i=i)} * ts_rank('{POSTGRES_WEIGHTS}', d.vector, q.q{i}, {RANK_NORMALIZATION})"
            for i in range(len(terms))
        )
        matches = " || ".join(f"q.q{i}" for i in range(len(terms)))
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH q AS (SELECT {queries}), "
                f"n AS (SELECT count(*) AS total, {counts} FROM search_searchdocument d, q) "
                f"SELECT d.id, {score} AS score "
                f"FROM search_searchdocument d, q, n WHERE d.vector @@ ({matches}) "
                f"ORDER BY score DESC LIMIT {MATCH_LIMIT}",
                [term for _, term in terms],
            )
            return cursor.fetchall()

    def snippets(self, ids, words, phrases=()):
        if not ids:
            return {}
        sql, params = self.tsquery(words, phrases)
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=10"
        # ts_headline drops what looks like an HTML tag: hide < and > from it, give them back after.
        headline = "ts_headline('english', translate({text}, '<>', %s), q.query, %s)"
        best = (
            "CASE WHEN to_tsvector('english', d.body) @@ q.query THEN d.body "
            "ELSE concat_ws(' · ', nullif(d.name, ''), nullif(d.aliases, '')) END"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id, {headline.format(text='d.lead')}, {headline.format(text=best)} "
                f"FROM search_searchdocument d, (SELECT {sql} AS query) q WHERE d.id = ANY(%s)",
                [HIDDEN_BRACKETS, options, HIDDEN_BRACKETS, options, *params, list(ids)],
            )
            return {
                row_id: [lead.translate(UNHIDE_BRACKETS), other.translate(UNHIDE_BRACKETS)]
                for row_id, lead, other in cursor.fetchall()
            }

    def has_match(self, word):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT numnode(plainto_tsquery('english', %s)) = 0 OR EXISTS ("
                "SELECT 1 FROM search_searchdocument WHERE vector @@ plainto_tsquery('english', %s))",
                [word, word],
            )
            return cursor.fetchone()[0]

    def similar_words(self, word, limit=1):
        found = (
            SearchTerm.objects.annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=SIMILARITY_THRESHOLD)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:limit]
        )
        return list(found)

    def optimize(self):
        """Nothing to do: a GIN index keeps new entries in its pending list, which (auto)vacuum or
        gin_pending_list_limit merges into the main index (PostgreSQL manual, "GIN Fast Update
        Technique")."""


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
