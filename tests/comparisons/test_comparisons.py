"""Comparison pages, canonical pair URLs, ad-hoc compare, JSON and admin validation."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.html import escape

from clients.citations import with_measured_values
from comparisons.models import Comparison
from reference.models import ASPECTS, StatusCode

pytestmark = pytest.mark.django_db

REQUIRED_PAIRS = [
    "301-vs-302",
    "301-vs-307",
    "301-vs-308",
    "302-vs-303",
    "302-vs-307",
    "303-vs-307",
    "307-vs-308",
    "200-vs-201",
    "200-vs-204",
    "201-vs-202",
    "200-vs-304",
    "400-vs-422",
    "401-vs-403",
    "403-vs-404",
    "404-vs-410",
    "405-vs-501",
    "409-vs-412",
    "409-vs-422",
    "412-vs-428",
    "429-vs-503",
    "500-vs-502",
    "500-vs-503",
    "502-vs-503",
    "502-vs-504",
    "503-vs-504",
    "408-vs-504",
    "406-vs-415",
    "401-vs-407",
    "499-vs-504",
    "502-vs-520",
]


def test_at_least_thirty_curated_comparisons_cover_the_required_pairs():
    slugs = set(Comparison.objects.published().values_list("slug", flat=True))
    assert len(slugs) >= 30
    assert set(REQUIRED_PAIRS) <= slugs


@pytest.mark.parametrize("slug", REQUIRED_PAIRS)
def test_every_curated_comparison_renders_all_rows_and_faq(client, slug):
    comparison = Comparison.objects.get(slug=slug)
    response = client.get(f"/compare/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = comparison.aspect_rows()
    assert [row["name"] for row in rows] == [name for name, _ in ASPECTS]
    for row in rows:
        assert f'<tr id="{row["name"]}">' in html
        for cell in row["cells"]:
            assert cell["html"].strip(), f"{slug}: empty {row['name']} cell for {cell['code'].code}"
            assert with_measured_values(cell["html"]) in html  # citations show today's measurement
    assert comparison.faq.count() >= 3
    for entry in comparison.faq.all():
        assert entry.question in html
    for section in ("intro", "differences", "scenarios_a", "scenarios_b", "decision_rule", "mistake"):
        assert with_measured_values(getattr(comparison, f"{section}_html")).strip() in html
    for code in comparison.codes:
        assert f'href="/codes/{code.code}/"' in html
    assert 'href="/compare/"' in html


def test_row_anchor_and_facts_panel_come_from_structured_data(client):
    html = client.get("/compare/301-vs-307/").content.decode()
    assert 'href="#caching"' in html
    assert "Permanent; POST may become GET" in html
    assert "Temporary; method preserved" in html


def test_pair_override_replaces_only_its_cell():
    comparison = Comparison.objects.get(slug="301-vs-307")
    comparison.overrides.create(aspect="retry", side="b", text="Pair-specific **retry** text.")
    row = next(r for r in comparison.aspect_rows() if r["name"] == "retry")
    assert row["cells"][1]["html"] == "<p>Pair-specific <strong>retry</strong> text.</p>"
    assert row["cells"][1]["for_pair"] is True
    assert row["cells"][0]["html"] == comparison.code_a.retry_html


def test_reversed_pair_redirects_permanently_to_canonical_slug(client):
    response = client.get("/compare/307-vs-301/")
    assert response.status_code == 301 and response["Location"] == "/compare/301-vs-307/"


def test_same_code_pair_redirects_to_the_code_page(client):
    response = client.get("/compare/301-vs-301/")
    assert response.status_code == 301 and response["Location"] == "/codes/301/"


@pytest.mark.parametrize(
    "path",
    [
        "/compare/301-vs-418/",
        "/compare/301-vs-999/",
        "/compare/abc-vs-301/",
        "/compare/301-307/",
        "/compare/301-vs-307-vs-308/",
        "/api/comparisons/301-vs-418/",
    ],
)
def test_unknown_or_malformed_pairs_are_404(client, path):
    assert client.get(path).status_code == 404


def test_index_groups_by_class_with_gists_and_a_form(client):
    html = client.get("/compare/").content.decode()
    for comparison in Comparison.objects.published().with_codes():
        assert comparison.get_absolute_url() in html
        assert escape(comparison.gist) in html
    assert '<h2 id="group-3xx">3xx</h2>' in html and '<h2 id="group-4xx">4xx</h2>' in html
    assert 'name="codes"' in html


def test_adhoc_compare_builds_the_table_and_links_curated_pairs(client):
    response = client.get("/compare/", {"codes": "301,307,308"})
    assert response.status_code == 200
    html = response.content.decode()
    for number in (301, 307, 308):
        assert StatusCode.objects.get(code=number).caching_html in html
    assert "/compare/301-vs-307/" in html and "/compare/307-vs-308/" in html
    assert '<tr id="caching">' in html


@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", "three-digit numbers"),
        ("301", "two or three different codes"),
        ("301,301", "two or three different codes"),
        ("301,302,303,307,308", "two or three different codes"),
        ("301,599", "no page for 599"),
        ("1" * 200, "too long"),
        ("", "two or three different codes"),
    ],
)
def test_adhoc_bad_input_is_400_with_a_clear_message(client, value, message):
    response = client.get("/compare/", {"codes": value})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_code_page_lists_the_comparisons_it_appears_in(client):
    html = client.get("/codes/502/").content.decode()
    for slug in ("500-vs-502", "502-vs-503", "502-vs-504", "502-vs-520"):
        assert f"/compare/{slug}/" in html


def test_comparison_json(client):
    listing = client.get("/api/comparisons/").json()
    assert listing["count"] == Comparison.objects.published().count()
    data = client.get("/api/comparisons/301-vs-307/").json()
    assert data["codes"] == [301, 307] and data["url"] == "/compare/301-vs-307/"
    assert set(data["aspects"]) == {name for name, _ in ASPECTS}
    assert len(data["faq"]) >= 3


def test_model_refuses_same_code_and_duplicate_in_either_order():
    c301, c307 = StatusCode.objects.get(code=301), StatusCode.objects.get(code=307)
    with pytest.raises(ValidationError, match="two different"):
        Comparison(code_a=c301, code_b=c301).clean()
    with pytest.raises(ValidationError, match="exists already"):
        Comparison(code_a=c307, code_b=c301).clean()
    c203, c226 = StatusCode.objects.get(code=203), StatusCode.objects.get(code=226)
    fresh = Comparison(code_a=c226, code_b=c203)
    fresh.clean()
    assert (fresh.code_a, fresh.code_b, fresh.slug) == (c203, c226, "203-vs-226")


def admin_form_data(code_a, code_b):
    data = {
        "code_a": code_a.pk,
        "code_b": code_b.pk,
        "title": "T",
        "gist": "G",
        "published": "on",
        "intro": "i",
        "differences": "d",
        "scenarios_a": "a",
        "scenarios_b": "b",
        "decision_rule": "r",
        "mistake": "m",
    }
    for prefix in ("faq", "overrides"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_admin_refuses_reversed_duplicate_and_same_code_pairs(client):
    admin = User.objects.create_superuser("admin", "a@example.com", "pw-for-tests-only")
    client.force_login(admin)
    c301, c307 = StatusCode.objects.get(code=301), StatusCode.objects.get(code=307)
    count = Comparison.objects.count()
    response = client.post("/admin/comparisons/comparison/add/", admin_form_data(c307, c301))
    assert response.status_code == 200 and "exists already" in response.content.decode()
    response = client.post("/admin/comparisons/comparison/add/", admin_form_data(c301, c301))
    assert response.status_code == 200 and "two different" in response.content.decode()
    assert Comparison.objects.count() == count
