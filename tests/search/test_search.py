"""Search: the index follows every save, results show why they match, hostile input never breaks it."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from authoring.models import ContentRevision
from comparisons.models import Comparison
from reference.models import FAQEntry, StatusCode
from search.backends import trigram_similarity
from search.models import SearchDocument
from search.query import search
from tests.authoring.test_authoring import PASSWORD, code_form

pytestmark = pytest.mark.django_db


def keys(query):
    return [hit.key for hit in search(query).ranked]


def page_keys(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'<li class="search-result" data-kind="[a-z]+" data-key="([0-9a-z-]+)">', html)


# The index -----------------------------------------------------------------------------------


def test_load_content_indexes_every_published_section_and_faq_entry():
    code = StatusCode.objects.get(code=412)
    rows = SearchDocument.objects.filter(kind="code", key="412")
    assert rows.count() == 1 + len(code.guide_sections()) + code.faq.count()
    comparison_rows = SearchDocument.objects.filter(kind="comparison")
    assert {row.key for row in comparison_rows} == set(Comparison.objects.published().values_list("slug", flat=True))


def test_an_faq_answer_edited_in_the_admin_is_findable_at_once(client):
    client.force_login(User.objects.create_superuser("editor", password=PASSWORD))
    code = StatusCode.objects.get(code=418)
    entry = code.faq.first()
    assert keys("zanzibarquokka") == []
    data = code_form(code)
    data.update(
        {
            "faq-TOTAL_FORMS": "1",
            "faq-INITIAL_FORMS": "1",
            "faq-0-id": str(entry.pk),
            "faq-0-status_code": str(code.pk),
            "faq-0-order": str(entry.order),
            "faq-0-question": entry.question,
            "faq-0-answer": "Only when a zanzibarquokka brews the coffee.",
        }
    )
    response = client.post(f"/admin/reference/statuscode/{code.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    hit = search("zanzibarquokka").ranked[0]
    assert (hit.key, hit.section, hit.url) == ("418", entry.question, "/codes/418/#faq")
    assert "<mark>zanzibarquokka</mark>" in hit.snippet


def test_aliases_saved_in_the_admin_are_searchable_one_per_line(client):
    client.force_login(User.objects.create_superuser("editor", password=PASSWORD))
    code = StatusCode.objects.get(code=409)
    response = client.post(
        f"/admin/reference/statuscode/{code.pk}/change/",
        code_form(code, aliases="WombatCollisionError\n  \nduplicate wombat key"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert StatusCode.objects.get(code=409).aliases == ["WombatCollisionError", "duplicate wombat key"]
    assert keys("WombatCollisionError")[0] == "409"


def test_drafts_leave_the_index_and_take_their_comparisons_with_them():
    code = StatusCode.objects.get(code=410)
    assert "410" in keys("permanently removed") and SearchDocument.objects.filter(key="404-vs-410").exists()
    code.published = False
    code.save()
    assert not SearchDocument.objects.filter(kind="code", key="410").exists()
    assert not SearchDocument.objects.filter(key="404-vs-410").exists()
    code.published = True
    code.save()
    assert "410" in keys("permanently removed") and SearchDocument.objects.filter(key="404-vs-410").exists()


def test_deleting_content_removes_its_rows():
    entry = FAQEntry.objects.filter(status_code__code=429).first()
    question = entry.question
    entry.delete()
    assert not SearchDocument.objects.filter(key="429", section=question).exists()
    Comparison.objects.get(slug="429-vs-503").delete()
    assert not SearchDocument.objects.filter(key="429-vs-503").exists()


def test_rebuilding_twice_gives_the_same_index():
    before = sorted(SearchDocument.objects.values_list("kind", "key", "section", "body"))
    call_command("load_content", verbosity=0)
    assert sorted(SearchDocument.objects.values_list("kind", "key", "section", "body")) == before


def test_rows_another_process_wrote_are_found_before_this_one_sees_the_revision():
    """The per-revision maps (row fields, vocabulary) lag a save in another process by up to
    ContentRevision.CACHE_SECONDS; a row added meanwhile is read from the table, not dropped."""
    assert keys("quokkaunseen") == []  # builds this revision's maps
    revision = ContentRevision.objects.get(pk=1)
    from search.index import store

    store(
        [SearchDocument(kind="code", key="418", section="Unseen", url="/codes/418/#unseen", lead="a quokkaunseen row")]
    )
    assert ContentRevision.objects.get(pk=1).number == revision.number  # written without a bump
    result = search("quokkaunseen")
    assert [(hit.key, hit.section) for hit in result.ranked] == [("418", "Unseen")]
    assert result.corrections == {}  # the new word is matched, not "corrected" to a known one


def fts5_segments(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT segid) FROM {table}_idx")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 segments")
def test_load_content_leaves_each_fts5_index_in_one_segment():
    call_command("load_content", verbosity=0)
    assert fts5_segments("search_fts") == 1
    assert fts5_segments("search_term_trigram") == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 segments")
def test_a_save_merges_the_index_once_when_it_commits(django_capture_on_commit_callbacks):
    from search import index

    code = StatusCode.objects.get(code=409)  # in comparisons too: one save re-indexes several pages
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        code.aliases = ["quokkamerge"]
        code.save()
        code.faq.first().save()
        assert fts5_segments("search_fts") > 1  # each re-indexed page added segments
    assert [callback for callback in callbacks if callback is index.optimize] == [index.optimize]
    assert fts5_segments("search_fts") == 1
    assert keys("quokkamerge") == ["409"]


def test_a_failed_merge_does_not_fail_the_committed_save(django_capture_on_commit_callbacks, monkeypatch, caplog):
    from django.db import OperationalError

    from search import backends

    def locked(self):
        raise OperationalError("database is locked")

    monkeypatch.setattr(backends.SQLiteBackend, "optimize", locked)
    monkeypatch.setattr(backends.PostgresBackend, "optimize", locked)
    code = StatusCode.objects.get(code=418)
    with django_capture_on_commit_callbacks(execute=True):
        code.aliases = ["quokkalocked"]
        code.save()
    assert "database is locked" in caplog.text
    assert keys("quokkalocked") == ["418"]


POSTGRES_STOP_FILES = sorted(Path("/usr/share/postgresql").glob("*/tsearch_data/english.stop"))


@pytest.mark.skipif(not POSTGRES_STOP_FILES, reason="PostgreSQL's stop word file is not installed")
def test_stop_words_are_postgresqls_english_ones():
    from search.query import STOP_WORDS

    shipped = set(POSTGRES_STOP_FILES[-1].read_text().split())
    assert STOP_WORDS == shipped


def test_stop_words_count_in_the_phrase_only():
    """Alone, "the" would match (and mark) nearly every row; it only counts inside the phrase."""
    hits = search("the gateway of quokkas").ranked
    assert hits and not any("<mark>the</mark>" in hit.snippet.lower() for hit in hits)
    assert any("<mark>gateway</mark>" in hit.snippet.lower() for hit in hits)
    if connection.vendor == "sqlite":  # PostgreSQL's english configuration finds nothing for these
        assert keys("is it")  # a query of stop words alone still searches them


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the split is SQLite's")
def test_common_words_add_their_bm25_share_to_the_rows_the_rarer_words_find(settings, monkeypatch):
    from search import backends

    monkeypatch.setattr(backends, "MATCH_LIMIT", 100_000)  # compare every row, not the first 400
    engine = backends.SQLiteBackend()
    words = ["upstream", "timed", "connection", "reading", "response", "header"]
    phrases = ["upstream timed out while reading response header from upstream"]
    common = engine.common_words(words)
    assert {"response", "header"} <= set(common) and "upstream" not in common
    split = dict(engine.match(words, phrases))
    whole = dict(engine.scored(words + phrases))
    found_by_rarer = {row_id for row_id, _ in engine.scored([w for w in words if w not in common] + phrases)}
    assert set(split) == found_by_rarer and len(whole) > len(split) > 50
    for row_id, score in split.items():
        assert score == pytest.approx(whole[row_id])


def test_the_phrase_is_the_log_line_as_typed_repeated_words_included():
    hit = search("upstream timed out (110: Connection timed out) while reading response header from upstream").ranked[0]
    assert hit.key == "504"
    if connection.vendor == "sqlite":  # FTS5 marks a matched phrase as one; ts_headline marks each word
        assert "<mark>upstream timed out (110: Connection timed out) while reading" in hit.snippet


# What the engine understands ---------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's pg_trgm")
def test_sqlite_typo_threshold_uses_the_same_similarity_as_pg_trgm():
    pairs = [
        ("redirct", "redirect"),
        ("gatway", "gateway"),
        ("unauthorised", "unauthorized"),
        ("with", "within"),
        ("zzzzqqq", "quota"),
        ("a", "ab"),
    ]
    with connection.cursor() as cursor:
        for first, second in pairs:
            cursor.execute("SELECT similarity(%s, %s)", [first, second])
            assert trigram_similarity(first, second) == pytest.approx(cursor.fetchone()[0], abs=1e-6), (first, second)


@pytest.mark.parametrize("query", ["redirecting", "redirects", "redirct", "Redirected"])
def test_stemming_and_typos_find_the_redirects(query):
    assert set(keys(query)[:5]) & {"301", "302", "303", "307", "308"}


def test_a_typo_is_corrected_against_the_index_vocabulary_and_said_so(client):
    assert search("gatway timeout").corrections == {"gatway": ["gateway"]}
    html = client.get("/search/", {"q": "gatway timeout"}).content.decode()
    assert "Also searched for <strong>gateway</strong>" in html
    assert page_keys(client, "gatway timeout")[0] == "504"


@pytest.mark.parametrize(
    "query, first",
    [
        ("resume download", "206"),
        ("moved temporarily", "302"),
        ("www to non-www", "301"),
        ("domain migration", "301"),
        ("etag mismatch", "412"),
        ("TokenMismatchException", "419"),
        ("client intended to send too large body", "413"),
        ("Http404", "404"),
        ("PermissionDenied", "403"),
    ],
)
def test_the_issues_examples_rank_the_right_code_first(query, first):
    assert keys(query)[0] == first


def test_a_failed_tls_handshake_finds_the_proxy_and_the_cdn_codes():
    codes = [key for key in keys("SSL_do_handshake() failed") if key.isdigit()]  # comparisons rank beside them
    assert set(codes[:2]) == {"502", "525"}


def test_download_no_longer_means_down():
    assert not {"502", "503", "521"} & set(keys("resume download")[:3])


def test_results_are_grouped_codes_first_then_comparisons(client):
    html = client.get("/search/", {"q": "gateway timeout upstream"}).content.decode()
    assert html.index('id="codes-h"') < html.index('id="comparisons-h"')
    assert re.search(r'data-kind="comparison" data-key="502-vs-504"', html)


def test_each_result_shows_the_matching_section_with_the_words_marked(client):
    html = client.get("/search/", {"q": "upstream prematurely closed connection"}).content.decode()
    first = html[html.index('class="search-result"') :]
    first = first[: first.index("</li>")]
    assert 'data-key="502"' in first
    # SQLite marks the phrase as one span, PostgreSQL each word.
    assert re.search(
        r"<mark>upstream(</mark> <mark>| )prematurely(</mark> <mark>| )closed(</mark> <mark>| )connection</mark>", first
    )


def test_the_snippet_is_the_summary_unless_another_column_matches_more_words():
    from search.documents import MARK_END as E
    from search.documents import MARK_START as S
    from search.query import most_marked

    summary, aliases = f"A {S}gateway{E} gave up", f"{S}gateway{E} {S}timeout{E} · Gateway Time-out"
    assert most_marked([summary, aliases]) == aliases
    assert most_marked([summary, f"{S}gateway{E} · other"]) == summary
    assert most_marked(None) == ""


@pytest.mark.parametrize(
    "query, location",
    [
        ("404", "/codes/404/"),
        ("301 vs 307", "/compare/301-vs-307/"),
        ("307 or 301", "/compare/301-vs-307/"),
        ("204 vs 410", "/compare/?codes=204,410"),
        ("Bad Gateway", "/codes/502/"),
    ],
)
def test_shortcuts_still_go_straight_to_the_page(client, query, location):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 302 and response["Location"] == location


def test_number_prefixes_and_classes_list_codes_in_order():
    assert keys("30") == ["300", "301", "302", "303", "304", "305", "306", "307", "308"]
    assert keys("5xx") == [str(c.code) for c in StatusCode.objects.published().by_class(5)]


# Hostile input ---------------------------------------------------------------------------------

HOSTILE = [
    '"',
    '""',
    "*",
    "a*",
    "NEAR(",
    "NEAR(a b",
    "OR",
    "AND",
    "NOT",
    "a OR",
    "(",
    ")",
    "^",
    ":",
    "-",
    "+",
    "{a b}",
    "col:word",
    "body:redirect",
    "'; DROP TABLE search_fts; --",
    "\\",
    "%",
    "_",
    "&",
    "|",
    "!",
    "<->",
    "①",
    "²",
    "٣٠١",
    "ﬁ",
    "\u200b",
    "日本語",
    "🙂",
    "x" * 100,
    "a " * 50,
    "NEAR(" * 20,
    "\x00",
    "\ue000mark",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_200_on_the_page_and_the_api(client, query):
    for path in ("/search/", "/api/search/"):
        response = client.get(path, {"q": query})
        assert response.status_code in (200, 302), (path, query, response.status_code)


def test_overlong_queries_get_a_clear_400(client):
    response = client.get("/search/", {"q": "x" * 101})
    assert response.status_code == 400 and "limited to 100 characters" in response.content.decode()
    response = client.get("/api/search/", {"q": "x" * 101})
    assert response.status_code == 400 and response.json() == {
        "error": "Queries are limited to 100 characters.",
        "status": 400,
    }


def test_script_in_the_query_is_escaped(client):
    html = client.get("/search/", {"q": "<script>alert(1)</script> timeout"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; timeout" in html


@pytest.mark.parametrize("field", ["alias", "faq"])
def test_script_in_content_is_escaped_in_snippets(client, field):
    code = StatusCode.objects.get(code=418)
    if field == "alias":
        code.aliases = ["quokkaflood <script>alert('quokka')</script>"]
        code.save()
    else:
        FAQEntry.objects.create(
            status_code=code,
            question="Quokka?",
            order=9,
            answer="A quokkaflood writes `<script>alert('quokka')</script>`.",
        )
    for body in (
        client.get("/search/", {"q": "quokkaflood"}).content.decode(),
        client.get("/api/search/", {"q": "quokkaflood"}).json()["codes"][0]["snippet_html"],
    ):
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert(" in body and "<mark>quokkaflood</mark>" in body


# JSON, OpenSearch, caching ----------------------------------------------------------------------


def test_api_search_ranks_codes_and_names_shortcuts(client):
    """Its schema is checked with the rest of the API in tests/discovery (test_responses_match_the_openapi_schemas)."""
    data = client.get("/api/search/", {"q": "upstream timed out"}).json()
    assert data["codes"][0]["code"] == 504 and data["codes"][0]["url"].startswith("/codes/504/")
    exact = client.get("/api/search/", {"q": "404"}).json()
    assert exact["redirect"] == "/codes/404/" and [hit["code"] for hit in exact["codes"]] == [404]
    pair = client.get("/api/search/", {"q": "307 vs 301"}).json()
    assert pair["redirect"] == "/compare/301-vs-307/" and [hit["slug"] for hit in pair["comparisons"]] == ["301-vs-307"]


def test_opensearch_description_is_linked_from_every_page(client):
    html = client.get("/codes/").content.decode()
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" title="Status Codes" href="/opensearch.xml">'
        in html
    )
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert 'template="http://testserver/search/?q={searchTerms}"' in response.content.decode()


def test_results_are_cached_until_the_content_changes(client, django_assert_max_num_queries):
    client.get("/api/search/", {"q": "quota"})
    with django_assert_max_num_queries(1):
        client.get("/api/search/", {"q": "quota"})
    code = StatusCode.objects.get(code=402)
    code.aliases = ["quokkaquota"]
    code.save()
    assert ContentRevision.current().number > 1
    assert client.get("/api/search/", {"q": "quokkaquota"}).json()["codes"][0]["code"] == 402


# Error guides: the third group of results -----------------------------------------------------


def guide_form(guide, **changes):
    """The admin change form's POST data for an error guide, as the admin would submit it."""
    from errors.models import SECTIONS

    data = {
        "name": guide.name,
        "slug": guide.slug,
        "category": guide.category,
        "summary": guide.summary,
        "published": "on" if guide.published else "",
        "codes": [c.pk for c in guide.codes.all()],
        "faq-TOTAL_FORMS": "0",
        "faq-INITIAL_FORMS": "0",
        "faq-MIN_NUM_FORMS": "0",
        "faq-MAX_NUM_FORMS": "1000",
        **{name: getattr(guide, name) for name, _ in SECTIONS},
    }
    data = {k: v for k, v in data.items() if v != ""}
    data.update(changes)
    return data


def error_keys(query):
    return [hit.key for hit in search(query).errors]


def test_load_content_indexes_every_published_error_guide_with_its_sections_and_faq():
    from errors.models import ErrorGuide

    guide = ErrorGuide.objects.get(slug="err-connection-refused")
    rows = SearchDocument.objects.filter(kind="error", key=guide.slug)
    assert rows.count() == 1 + len(guide.sections()) + guide.faq.count()
    assert {row.key for row in SearchDocument.objects.filter(kind="error")} == set(
        ErrorGuide.objects.published().values_list("slug", flat=True)
    )


@pytest.mark.parametrize(
    "query, slug",
    [
        ("connection refused", "err-connection-refused"),
        ("curl 52", "curl-52-empty-reply"),
        ("Recv failure connection reset by peer", "curl-56-recv-failure"),
        ("No 'Access-Control-Allow-Origin' header", "cors-missing-allow-origin"),
        ("too many redirects", "err-too-many-redirects"),
        ("certificate authority invalid", "err-cert-authority-invalid"),
    ],
)
def test_words_of_an_error_message_find_its_guide(query, slug):
    assert slug in error_keys(query)[:3]


@pytest.mark.parametrize("query", ["ERR_TOO_MANY_REDIRECTS", "err_too_many_redirects", "err-too-many-redirects"])
def test_an_errors_exact_name_goes_straight_to_its_guide(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 302 and response["Location"] == "/errors/err-too-many-redirects/"
    data = client.get("/api/search/", {"q": query}).json()
    assert data["redirect"] == "/errors/err-too-many-redirects/"
    assert [(hit["type"], hit["slug"], hit["title"]) for hit in data["errors"]] == [
        ("error", "err-too-many-redirects", "ERR_TOO_MANY_REDIRECTS")
    ]


def test_error_guides_are_shown_after_the_comparisons_with_their_section(client):
    html = client.get("/search/", {"q": "connection refused upstream"}).content.decode()
    assert html.index('id="codes-h"') < html.index('id="comparisons-h"') < html.index('id="errors-h"')
    errors = html[html.index('id="errors-h"') :]
    assert re.search(r'data-kind="error" data-key="err-connection-refused"', errors)
    assert 'href="/errors/err-connection-refused/"' in errors


def test_the_api_lists_error_guides_as_their_own_group(client):
    data = client.get("/api/search/", {"q": "connection refused"}).json()
    hit = next(hit for hit in data["errors"] if hit["slug"] == "err-connection-refused")
    assert hit["type"] == "error" and hit["title"] == "ERR_CONNECTION_REFUSED"
    assert hit["url"].startswith("/errors/err-connection-refused/")
    assert "<mark>" in hit["snippet_html"]
    assert all(h["type"] == "code" for h in data["codes"]) and all(
        h["type"] == "comparison" for h in data["comparisons"]
    )


def test_an_error_guide_edited_in_the_admin_is_findable_at_once(client):
    from errors.models import ErrorGuide

    client.force_login(User.objects.create_superuser("editor", password=PASSWORD))
    guide = ErrorGuide.objects.get(slug="err-connection-reset")
    assert error_keys("quokkareset") == []
    response = client.post(
        f"/admin/errors/errorguide/{guide.pk}/change/",
        guide_form(guide, fix=guide.fix + "\n\nRestart the quokkareset daemon."),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    hit = search("quokkareset").errors[0]
    assert (hit.key, hit.section, hit.url) == (
        "err-connection-reset",
        "How to fix",
        "/errors/err-connection-reset/#fix",
    )
    assert "<mark>quokkareset</mark>" in hit.snippet


def test_an_error_guides_faq_edit_and_delete_follow_the_index():
    from errors.models import ErrorGuide

    guide = ErrorGuide.objects.get(slug="err-cache-miss")
    entry = guide.faq.first()
    entry.answer = "Only a wallabyresubmit would say so."
    entry.save()
    assert error_keys("wallabyresubmit") == ["err-cache-miss"]
    entry.delete()
    assert error_keys("wallabyresubmit") == []
    guide.delete()
    assert not SearchDocument.objects.filter(kind="error", key="err-cache-miss").exists()


def test_a_draft_error_guide_is_not_found_until_published(client):
    from errors.models import ErrorGuide

    guide = ErrorGuide.objects.get(slug="err-name-not-resolved")
    assert "err-name-not-resolved" in error_keys("name not resolved")
    guide.published = False
    guide.save()
    assert "err-name-not-resolved" not in error_keys("name not resolved")
    assert not SearchDocument.objects.filter(kind="error", key="err-name-not-resolved").exists()
    response = client.get("/search/", {"q": "ERR_NAME_NOT_RESOLVED"})
    assert response.status_code == 200 and "err-name-not-resolved" not in response.content.decode()
    guide.published = True
    guide.save()
    assert "err-name-not-resolved" in error_keys("name not resolved")
