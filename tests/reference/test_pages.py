"""Reference pages, canonical redirects and helpful 404s, through the test client."""

import pytest
from django.core.exceptions import ValidationError

from reference.models import StatusCode
from tests.factories import make_code

pytestmark = pytest.mark.django_db


def test_home_lists_every_class_with_summaries_and_a_search_box(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("1xx Informational", "2xx Successful", "3xx Redirection", "4xx Client error", "5xx Server error"):
        assert heading in html
    assert StatusCode.objects.get(code=308).summary in html
    assert 'action="/search/"' in html and 'name="q"' in html


def test_code_list_shows_all_published_codes(client):
    html = client.get("/codes/").content.decode()
    for code in StatusCode.objects.published():
        assert f'href="/codes/{code.code}/"' in html


def test_class_page_lists_only_that_class(client):
    html = client.get("/codes/3xx/").content.decode()
    assert "/codes/307/" in html and "/codes/404/" not in html


@pytest.mark.parametrize("path", ["/codes/6xx/", "/codes/0xx/", "/codes/xx/"])
def test_unknown_class_is_404(client, path):
    assert client.get(path).status_code == 404


def test_code_page_shows_facts_guide_faq_and_related(client):
    code = StatusCode.objects.get(code=308)
    response = client.get("/codes/308/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1><span class="num">308</span> Permanent Redirect</h1>' in html
    assert f'<meta name="description" content="{code.summary}">' in html
    for heading in (
        "Definition",
        "Plain-language summary",
        "When to use",
        "Client behaviour",
        "Caching behaviour",
        "SEO / crawler impact",
        "API / backend impact",
        "Safe to retry",
        "Real-world scenarios",
    ):
        assert heading in html
    assert code.definition_html in html
    assert "Frequently asked questions" in html and code.faq.first().question in html
    # Facts panel from the structured fields.
    assert "Permanent; method preserved" in html
    assert "Yes (heuristically cacheable)" in html
    assert "<code>Location</code>" in html
    assert f'href="{code.spec_url}"' in html
    for related in code.related.all():
        assert f'href="/codes/{related.code}/"' in html


def test_facts_panel_follows_the_row_not_the_prose(client):
    make_code(299, reason="Test Only", heuristically_cacheable=False, body_allowed=False)
    html = client.get("/codes/299/").content.decode()
    assert "No: needs explicit freshness or Cache-Control: public" in html and "None (no content)" in html


@pytest.mark.parametrize("path", ["/301", "/codes/301", "/301/"])
def test_short_urls_redirect_permanently_to_the_canonical_page(client, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == "/codes/301/"


@pytest.mark.parametrize(
    "path",
    [
        "/codes/999/",
        "/codes/299/",
        "/codes/abc/",
        "/codes/0301/",
        "/codes/3011/",
        "/999",
        "/codes/999",
        "/api/codes/999/",
        "/nothing/here/",
    ],
)
def test_unknown_codes_and_junk_are_404_not_500(client, path):
    response = client.get(path)
    assert response.status_code == 404


def test_404_page_helps_the_reader(client):
    html = client.get("/codes/999/").content.decode()
    assert "No Page matches" not in html  # not Django's debug page
    assert 'href="/codes/"' in html and 'action="/search/"' in html


def test_draft_code_is_hidden(client):
    make_code(299, published=False)
    assert client.get("/codes/299/").status_code == 404
    assert "/codes/299/" not in client.get("/codes/").content.decode()
    assert client.get("/api/codes/299/").status_code == 404


def test_model_rejects_codes_outside_the_range():
    for number in (99, 600):
        with pytest.raises(ValidationError):
            StatusCode(
                code=number,
                reason="x",
                spec_document="x",
                spec_url="https://x.test",
                summary="x",
                **{
                    f: "x"
                    for f in (
                        "definition",
                        "plain_summary",
                        "when_to_use",
                        "client_behaviour",
                        "caching",
                        "seo_impact",
                        "api_impact",
                        "retry",
                        "scenarios",
                    )
                },
            ).full_clean()


def test_saving_renders_and_sanitizes_markdown():
    code = make_code(299, definition="**Bold** <script>alert(1)</script> see [[404]]")
    assert "<strong>Bold</strong>" in code.definition_html
    assert "<script" not in code.definition_html
    assert 'href="/codes/404/"' in code.definition_html


def test_pages_answer_conditional_get_with_304(client):
    first = client.get("/codes/301/")
    etag = first["ETag"]
    again = client.get("/codes/301/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_search_for_exact_code_redirects_to_its_page(client):
    response = client.get("/search/", {"q": "404"})
    assert response.status_code == 302 and response["Location"] == "/codes/404/"


def test_search_handles_empty_and_overlong_queries(client):
    assert client.get("/search/", {"q": ""}).status_code == 200
    response = client.get("/search/", {"q": "x" * 500})
    assert response.status_code == 400
    assert "limited to 100 characters" in response.content.decode()
