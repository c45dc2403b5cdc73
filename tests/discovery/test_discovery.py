"""Search, SEO tags, JSON-LD, sitemap, robots, OpenAPI, CORS, embeds, badges, cheat sheet."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from django.conf import settings
from django.utils.html import escape
from openapi_spec_validator import validate

from comparisons.models import Comparison
from reference.models import StatusCode
from tests.factories import make_code

pytestmark = pytest.mark.django_db


# Search -------------------------------------------------------------------------------------


def result_codes(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    return [int(n) for n in re.findall(r'<li class="search-result" data-kind="code" data-key="(\d{3})">', html)]


@pytest.mark.parametrize(
    "query, first",
    [
        ("rate limit", 429),
        ("Rate Limit", 429),
        ("moved", 301),
        ("not allowed", 405),
        ("teapot", 418),
        ("gatway timeout", 504),
        ("unauthorised", 401),
        ("upstream", 502),
    ],
)
def test_words_synonyms_and_typos_rank_the_expected_code_first(client, query, first):
    assert result_codes(client, query)[0] == first


def test_moved_also_finds_302_and_timeout_finds_the_request_and_gateway_timeouts(client):
    assert 302 in result_codes(client, "moved")[:3]
    assert {408, 504} <= set(result_codes(client, "timeout")[:4])


def test_number_prefix_and_class_queries(client):
    assert result_codes(client, "30") == [300, 301, 302, 303, 304, 305, 306, 307, 308]
    four = result_codes(client, "4xx")
    assert four and all(400 <= n < 500 for n in four)


def test_comparison_query_goes_to_the_comparison(client):
    for query in ("301 vs 307", "307 vs 301", "301 307"):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 302 and response["Location"] == "/compare/301-vs-307/"


def test_uncurated_pair_goes_to_the_adhoc_compare(client):
    response = client.get("/search/", {"q": "204 vs 410"})
    assert response.status_code == 302 and response["Location"] == "/compare/?codes=204,410"


def test_exact_code_or_reason_phrase_redirects_with_302(client):
    response = client.get("/search/", {"q": " 418 "})
    assert response.status_code == 302 and response["Location"] == "/codes/418/"
    response = client.get("/search/", {"q": "bad gateway"})
    assert response.status_code == 302 and response["Location"] == "/codes/502/"


def test_nonsense_query_says_so(client):
    assert "Nothing matches" in client.get("/search/", {"q": "zzzzqqq"}).content.decode()


# SEO -----------------------------------------------------------------------------------------

PAGES = [
    "/",
    "/codes/",
    "/codes/4xx/",
    "/codes/404/",
    "/compare/",
    "/compare/401-vs-403/",
    "/wizard/",
    "/lab/redirects/",
    "/codes/cheatsheet/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_canonical_title_description_social_tags_and_breadcrumbs(client, path):
    html = client.get(path).content.decode()
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert re.search(r"<title>[^<]{5,}</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    for tag in ('property="og:title"', 'property="og:description"', 'property="og:url"', 'name="twitter:card"'):
        assert tag in html
    if path != "/":
        assert 'aria-label="Breadcrumb"' in html


def test_code_page_meta_description_is_its_summary(client):
    code = StatusCode.objects.get(code=404)
    html = client.get("/codes/404/").content.decode()
    assert f'<meta name="description" content="{escape(code.summary)}">' in html
    assert "<title>404 Not Found · Status Codes Reference</title>" in html


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    return {item["@type"]: item for item in data["@graph"]}


@pytest.mark.parametrize("path, model", [("/codes/308/", "code"), ("/compare/301-vs-308/", "comparison")])
def test_json_ld_parses_and_its_faq_matches_the_faq_shown(client, path, model):
    html = client.get(path).content.decode()
    graph = jsonld(html)
    assert {"TechArticle", "FAQPage", "BreadcrumbList"} <= set(graph)
    owner = StatusCode.objects.get(code=308) if model == "code" else Comparison.objects.get(slug="301-vs-308")
    questions = [q["name"] for q in graph["FAQPage"]["mainEntity"]]
    assert questions == [entry.question for entry in owner.faq.all()]
    for question in questions:
        assert escape(question) in html
    crumbs = graph["BreadcrumbList"]["itemListElement"]
    assert crumbs[0]["item"] == "http://testserver/" and crumbs[-1]["item"] == f"http://testserver{path}"
    if model == "code":
        assert graph["DefinedTerm"]["termCode"] == "308"


# Sitemap and robots ---------------------------------------------------------------------------


def test_sitemap_lists_every_published_page_with_lastmod_and_no_draft(client):
    make_code(299, reason="Hidden Draft", published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in tree.findall("s:url", ns)}
    for code in StatusCode.objects.published():
        assert f"http://testserver/codes/{code.code}/" in urls
    for comparison in Comparison.objects.published():
        assert f"http://testserver{comparison.get_absolute_url()}" in urls
    assert "http://testserver/codes/299/" not in urls
    assert all(lastmod is not None for lastmod in urls.values())


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_tools(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/admin/", "/preview/", "/try/", "/search/"):
        assert f"Disallow: {path}" in text


# API -------------------------------------------------------------------------------------------


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").json()


def test_openapi_document_is_valid(spec):
    validate(spec)
    assert set(spec["paths"]) == {
        "/api/codes/",
        "/api/codes/{code}/",
        "/api/comparisons/",
        "/api/comparisons/{pair}/",
        "/api/wizard/",
        "/api/wizard/graph/",
        "/api/inspect/",
        "/api/inspect/logs/",
        "/api/search/",
        "/api/errors/",
        "/api/errors/{slug}/",
        "/api/clients/",
    }


def schema(spec, path, status="200"):
    response_schema = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    return {**response_schema, "components": spec["components"]}


def check(spec, path, data, status="200"):
    definition = schema(spec, path, status)
    ref_fixed = json.loads(json.dumps(definition).replace("#/components/", "#/components/"))
    jsonschema.validate(data, ref_fixed)


@pytest.mark.parametrize(
    "url, path, status",
    [
        ("/api/codes/", "/api/codes/", "200"),
        ("/api/codes/?class=5xx&standing=non-standard", "/api/codes/", "200"),
        ("/api/codes/301/", "/api/codes/{code}/", "200"),
        ("/api/codes/499/", "/api/codes/{code}/", "200"),
        ("/api/codes/299/", "/api/codes/{code}/", "404"),
        ("/api/comparisons/", "/api/comparisons/", "200"),
        ("/api/comparisons/502-vs-504/", "/api/comparisons/{pair}/", "200"),
        ("/api/wizard/", "/api/wizard/", "200"),
        ("/api/wizard/graph/", "/api/wizard/graph/", "200"),
        ("/api/codes/?class=6xx", "/api/codes/", "400"),
        ("/api/search/?q=upstream+timed+out", "/api/search/", "200"),
        ("/api/search/?q=301+vs+307", "/api/search/", "200"),
        ("/api/search/?q=zzzzqqq", "/api/search/", "200"),
        ("/api/search/?q=" + "x" * 101, "/api/search/", "400"),
        ("/api/clients/", "/api/clients/", "200"),
    ],
)
def test_responses_match_the_openapi_schemas(client, spec, url, path, status):
    response = client.get(url)
    assert str(response.status_code) == status
    check(spec, path, response.json(), status)


def test_api_supports_conditional_get_and_cors(client):
    response = client.get("/api/codes/", HTTP_ORIGIN="https://docs.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response
    again = client.get("/api/codes/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    preflight = client.options(
        "/api/codes/", HTTP_ORIGIN="https://docs.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_cors_header_is_on_cached_api_answers_too(client):
    client.get("/api/codes/404/")  # cached without an Origin header
    response = client.get("/api/codes/404/", HTTP_ORIGIN="https://docs.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_wizard_api_has_the_whole_tree(client):
    data = client.get("/api/wizard/").json()
    assert data["start"] == "goal"
    assert any(a.get("outcome") == 308 for q in data["questions"] for a in q["answers"])


# Embeds, oEmbed, badge, cheat sheet ------------------------------------------------------------


def test_embed_card_may_be_framed_and_other_pages_may_not(client):
    embed = client.get("/embed/codes/301/")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert "301 Moved Permanently" in embed.content.decode()
    for path in ("/", "/codes/301/", "/compare/301-vs-307/", "/wizard/"):
        assert client.get(path)["X-Frame-Options"] == "DENY"


def test_oembed_describes_the_embed_card(client):
    data = client.get("/oembed/", {"url": "http://testserver/codes/301/", "maxwidth": "300"}).json()
    assert data["version"] == "1.0" and data["type"] == "rich" and data["width"] == 300
    assert 'src="http://testserver/embed/codes/301/"' in data["html"]
    assert client.get("/oembed/", {"url": "http://testserver/codes/301/", "format": "xml"}).status_code == 501
    assert client.get("/oembed/", {"url": "https://elsewhere.example/codes/301/"}).status_code == 404
    assert client.get("/oembed/", {"url": "http://testserver/codes/299/"}).status_code == 404


def test_code_page_advertises_oembed(client):
    assert 'type="application/json+oembed"' in client.get("/codes/301/").content.decode()


def test_badge_is_an_svg_with_the_code(client):
    response = client.get("/badge/429.svg")
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "429 Too Many Requests" in response.content.decode()
    assert client.get("/badge/299.svg").status_code == 404


def test_cheatsheet_lists_every_code_and_has_print_styles(client):
    html = client.get("/codes/cheatsheet/").content.decode()
    for code in StatusCode.objects.published():
        assert f'href="/codes/{code.code}/"' in html
    assert "@media print" in (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
