"""The page cache: compressed once, keyed only on what a page reads, one revision bump per
transaction, no bypass by cookie, Host never in a link. (Through nginx: tests/live.)"""

import gzip

import brotli
import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from authoring import caching
from authoring.models import ContentRevision
from reference.models import StatusCode
from tests.authoring.test_authoring import code_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def compressions(monkeypatch):
    calls = []
    real_gzip, real_brotli = caching.gzip.compress, caching.brotli.compress
    monkeypatch.setattr(caching.gzip, "compress", lambda *a, **k: calls.append("gzip") or real_gzip(*a, **k))
    monkeypatch.setattr(caching.brotli, "compress", lambda *a, **k: calls.append("br") or real_brotli(*a, **k))
    return calls


def test_a_page_is_compressed_once_and_each_hit_serves_the_stored_bytes(client, compressions):
    first = client.get("/codes/301/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressions == ["br"]  # the miss compresses only what its client accepts
    for _ in range(2):
        for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress), ("identity", bytes)):
            response = client.get("/codes/301/", HTTP_ACCEPT_ENCODING=encoding)
            assert response.get("Content-Encoding", "identity") == encoding
            assert int(response["Content-Length"]) == len(response.content)
            assert response["Vary"] == "Accept-Encoding" and response["ETag"] == first["ETag"]
            assert b"301 Moved Permanently" in decode(response.content)
    assert compressions == ["br", "gzip"]  # gzip once, on the first hit that asked for it; then nothing
    assert first["Vary"] == "Accept-Encoding"


def test_an_encoding_compressed_on_a_hit_is_stored_for_every_process(client, compressions):
    client.get("/codes/301/", HTTP_ACCEPT_ENCODING="br")
    client.get("/codes/301/", HTTP_ACCEPT_ENCODING="gzip")
    caching.recent_pages.clear()  # as another process would: only the shared cache to go by
    assert client.get("/codes/301/", HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    assert compressions == ["br", "gzip"]


@pytest.mark.parametrize(
    "header, expected",
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("", "identity"),
        ("gzip;q=0", "identity"),
        ("*", "br"),
        ("identity", "identity"),
        ("GZIP;Q=0.5", "gzip"),
        ("gzip;q=x", "identity"),
    ],
)
def test_accept_encoding_is_negotiated_with_its_weights(rf, header, expected):
    assert caching.accepted_encoding(rf.get("/", HTTP_ACCEPT_ENCODING=header)) == expected


def test_shared_pages_say_how_long_browsers_and_shared_caches_may_keep_them(client, settings):
    response = client.get("/compare/301-vs-307/")
    assert response["Cache-Control"] == (
        f"public, max-age={settings.PAGE_BROWSER_MAX_AGE}, s-maxage={settings.PAGE_SHARED_MAX_AGE}, "
        f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}, stale-if-error={settings.PAGE_STALE_IF_ERROR}"
    )
    assert response["X-Accel-Expires"] == str(settings.PROXY_CACHE_SECONDS)


def test_junk_query_parameters_answer_301_to_the_clean_url_and_store_nothing(client):
    response = client.get("/codes/301/", {"utm_source": "newsletter"})
    assert response.status_code == 301 and response["Location"] == "/codes/301/"
    assert "private" in response["Cache-Control"]
    response = client.get("/wizard/", {"a": ["redirect", "moved"], "fbclid": "x"})
    assert response.status_code == 301 and response["Location"] == "/wizard/?a=redirect&a=moved"


def test_parameters_a_page_reads_are_part_of_its_key(client):
    assert "Moved Permanently" in client.get("/compare/", {"codes": "301,307"}).content.decode()
    assert "Not Found" in client.get("/compare/", {"codes": "404,410"}).content.decode()
    assert client.get("/api/codes/", {"class": "2xx"}).json()["count"] != client.get("/api/codes/").json()["count"]


def test_a_forged_session_cookie_does_not_bypass_the_cache(client):
    client.get("/codes/404/")
    client.cookies["sessionid"] = "forged-" + "x" * 30
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/codes/404/")
    assert response.status_code == 200 and len(queries) == 0


def test_a_signed_in_author_also_gets_cached_pages_that_show_no_personal_data(client):
    user = User.objects.create_user("carol", password="a-long-password-for-carol-1", is_staff=True)
    client.force_login(user)
    html = client.get("/codes/404/").content.decode()
    assert "carol" not in html and "csrfmiddlewaretoken" not in html


def test_one_admin_save_with_its_history_moves_the_revision_once(client):
    admin = User.objects.create_superuser("root", "r@example.org", "a-long-password-for-root-1")
    client.force_login(admin)
    code = StatusCode.objects.get(code=418)
    before = ContentRevision.objects.get(pk=1).number
    response = client.post(f"/admin/reference/statuscode/{code.pk}/change/", code_form(code, summary="Teapot, edited."))
    assert response.status_code == 302
    assert ContentRevision.objects.get(pk=1).number == before + 1


def test_many_saves_in_one_transaction_move_the_revision_once_and_separate_saves_each_move_it():
    before = ContentRevision.objects.get(pk=1).number
    with transaction.atomic():
        for code in StatusCode.objects.filter(code__in=[200, 201, 202]):
            code.save()
    assert ContentRevision.objects.get(pk=1).number == before + 1
    StatusCode.objects.get(code=200).save()
    StatusCode.objects.get(code=201).save()
    assert ContentRevision.objects.get(pk=1).number == before + 3


def test_a_rolled_back_transaction_leaves_the_revision_unmoved_for_the_next_one():
    before = ContentRevision.objects.get(pk=1).number
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            StatusCode.objects.get(code=200).save()
            raise RuntimeError
    assert ContentRevision.objects.get(pk=1).number == before
    with transaction.atomic():
        StatusCode.objects.get(code=200).save()
    assert ContentRevision.objects.get(pk=1).number == before + 1


def test_links_come_from_site_url_whatever_host_the_request_names(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    settings.SITE_URL = "https://statuscodes.example"
    html = client.get("/codes/301/", HTTP_HOST="mirror.example", HTTP_X_FORWARDED_HOST="evil.example").content.decode()
    assert '<link rel="canonical" href="https://statuscodes.example/codes/301/">' in html
    assert "mirror.example" not in html and "evil.example" not in html


def test_a_host_outside_allowed_hosts_gets_400_even_for_a_cached_page(client):
    assert client.get("/codes/301/").status_code == 200
    response = client.get("/codes/301/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "does not serve the host" in response.content.decode()


def test_http11_without_host_gets_400_where_the_rule_applies(client, settings):
    settings.REQUIRE_HOST_HEADER = True
    response = client.get("/codes/301/", SERVER_PROTOCOL="HTTP/1.1")
    assert response.status_code == 400 and "RFC 9112" in response.content.decode()
    assert client.get("/codes/301/", SERVER_PROTOCOL="HTTP/1.0").status_code == 200


def test_trusted_proxy_sets_the_client_address_and_untrusted_peers_cannot(rf, settings):
    from config.middleware import TrustedProxyMiddleware

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    seen = []
    middleware = TrustedProxyMiddleware(lambda request: seen.append(request.META["REMOTE_ADDR"]))
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"))
    middleware(rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9"))
    middleware(rf.get("/", REMOTE_ADDR="127.0.0.1"))
    assert seen == ["203.0.113.9", "198.51.100.7", "127.0.0.1"]
    assert middleware(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/codes/301/",
        "/compare/301-vs-307/",
        "/api/codes/",
        "/api/codes/301/",
        "/api/comparisons/301-vs-307/",
        "/sitemap.xml",
        "/301",
        "/robots.txt",
    ],
)
def test_read_only_urls_answer_405_with_allow_to_unsafe_methods_and_trace(client, path):
    for method in ("post", "put", "delete", "patch", "trace"):
        response = getattr(client, method)(path)
        assert response.status_code == 405, (method, path)
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert method.upper() not in response["Allow"]
    options = client.options(path)
    assert options.status_code == 204 and options["Allow"] == "GET, HEAD, OPTIONS" and options.content == b""


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/api/codes/null,null/", 404),
        ("get", "/api/nowhere/", 404),
        ("post", "/api/codes/301/", 405),
        ("delete", "/api/comparisons/", 405),
        ("get", "/api/codes/?class=9xx", 400),
        ("get", "/api/codes/999/", 404),
    ],
)
def test_every_api_error_is_json(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == status and response.json()["error"]


def test_a_database_error_outside_any_view_is_a_503_with_retry_after(client):
    """The revision is read by the page cache, before any view: a real database error there
    (its table gone, inside this test's transaction) is a 503, not a traceback."""
    from authoring.models import ContentRevision

    ContentRevision.forget()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE authoring_contentrevision RENAME TO authoring_contentrevision_gone")
    response = client.get("/codes/301/")
    assert response.status_code == 503 and response["Retry-After"] == "120"
    assert client.get("/api/codes/301/").json()["status"] == 503


def test_cached_pages_outlive_a_database_outage_under_the_last_known_revision(client):
    from authoring.models import ContentRevision

    assert client.get("/codes/301/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE authoring_contentrevision RENAME TO authoring_contentrevision_gone")
    from django.core.cache import cache

    ContentRevision._known_until = 0  # the process must ask the database now, and finds it broken
    cache.delete("content-revision")
    response = client.get("/codes/301/")
    assert response.status_code == 200 and b"Moved Permanently" in response.content


def test_a_hit_this_process_served_recently_skips_the_shared_cache(client, monkeypatch):
    client.get("/codes/301/")
    monkeypatch.setattr(caching.cache, "get", lambda *a, **k: pytest.fail("the shared cache was asked"))
    assert b"301 Moved Permanently" in client.get("/codes/301/", HTTP_ACCEPT_ENCODING="identity").content


def test_a_save_is_seen_at_once_by_the_process_that_keeps_recent_pages(client):
    client.get("/codes/301/")
    code = StatusCode.objects.get(code=301)
    code.summary = "A summary no other page has, after the save."
    code.save()
    assert "A summary no other page has" in client.get("/codes/301/").content.decode()


def test_with_the_page_cache_off_no_process_keeps_pages_either(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/codes/301/")
    renders = []
    monkeypatch.setattr(caching.StoredPage, "from_response", wrap_counting(caching.StoredPage.from_response, renders))
    client.get("/codes/301/")
    assert renders == [1]


def wrap_counting(function, calls):
    def counted(*args, **kwargs):
        calls.append(1)
        return function(*args, **kwargs)

    return counted


def test_recent_pages_drop_the_least_recently_served_and_expired_ones(settings):
    pages = caching.RecentPages(2)
    pages.put("a", "A")
    pages.put("b", "B")
    pages.get("a")
    pages.put("c", "C")
    assert (pages.get("a"), pages.get("b"), pages.get("c")) == ("A", None, "C")
    settings.PAGE_CACHE_SECONDS = -1
    pages.put("d", "D")
    assert pages.get("d") is None


@pytest.mark.parametrize("query", ["q=%C3%A9t%C3%A9", "q=caf\u00c3\u00a9", "q=a&q=b", "q=1&zzz=2", "", "q="])
def test_the_query_shape_agrees_with_what_django_parses(rf, query):
    """The memoised shape of a query string gives the same key and junk verdict as request.GET."""
    request = rf.get("/search/", QUERY_STRING=query)
    policy = caching.PagePolicy(("q",))
    junk, canonical = policy.shape(request.META["QUERY_STRING"])
    assert junk == any(key != "q" for key in request.GET)
    assert canonical == (caching.urlencode([("q", v) for v in request.GET.getlist("q")]) if request.GET else "")
