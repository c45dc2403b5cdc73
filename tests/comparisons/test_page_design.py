"""The comparison page answers first, keeps its table short, and the ad-hoc compare looks the same."""

import re

import pytest

from comparisons.models import Comparison
from reference.models import ASPECTS
from reference.rendering import lead_html

pytestmark = pytest.mark.django_db


def glance_cells(html):
    table = re.search(r'<table class="glance.*?</table>', html, re.S).group(0)
    return re.findall(r'<td data-label="([0-9]{3})">(.*?)</td>', table, re.S)


def test_the_answer_comes_before_the_table_and_the_table_before_the_full_texts(client):
    html = client.get("/compare/301-vs-307/").content.decode()
    order = [
        html.index(marker)
        for marker in (
            "<h1>",
            'id="decision-rule"',
            'id="differences"',
            'id="side-by-side"',
            'id="why"',
            'id="in-full"',
            'id="scenarios"',
            'id="mistake"',
            'id="faq"',
        )
    ]
    assert order == sorted(order)


@pytest.mark.parametrize("slug", ["301-vs-307", "499-vs-504", "200-vs-304"])
def test_table_cells_hold_a_sentence_or_two_never_a_whole_section(client, slug):
    comparison = Comparison.objects.get(slug=slug)
    html = client.get(f"/compare/{slug}/").content.decode()
    cells = glance_cells(html)
    rows = comparison.aspect_rows()
    leads = [cell["lead"] for row in rows for cell in row["cells"]]
    for lead in leads:
        assert lead.count("<p>") == 1 and "<ul>" not in lead and "<pre>" not in lead
        assert lead in html
    for row in rows:
        for cell in row["cells"]:
            assert cell["html"] in html  # the full text is on the page, below the table
            if cell["html"] != cell["lead"]:
                assert all(cell["html"] not in text for _, text in cells)
    assert len(cells) == 2 * (len(comparison.fact_rows()) + len(ASPECTS))


def test_every_aspect_row_links_to_its_full_text(client):
    html = client.get("/compare/301-vs-307/").content.decode()
    for name, _ in ASPECTS:
        assert f'href="#{name}-in-full"' in html and f'id="{name}-in-full"' in html


def test_a_pairs_own_cell_leads_its_row(client):
    comparison = Comparison.objects.get(slug="301-vs-307")
    row = next(r for r in comparison.aspect_rows() if r["name"] == "client_behaviour")
    assert row["cells"][0]["for_pair"] and row["cells"][0]["lead"] == lead_html(row["cells"][0]["html"])
    assert row["cells"][0]["lead"] in client.get("/compare/301-vs-307/").content.decode()


def test_facts_line_up_row_by_row_and_log_only_codes_leave_wire_facts_empty(client):
    html = client.get("/compare/499-vs-504/").content.decode()
    body = re.search(r'<tr id="fact-body">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'<td data-label="([0-9]{3})">(.*?)</td>', body, re.S)
    assert cells == [("499", '<span class="muted">Not applicable</span>'), ("504", "Allowed")]
    saw = re.search(r'<tr id="fact-client_saw">(.*?)</tr>', html, re.S).group(1)
    assert "the client closed the connection" in saw and "Not applicable" in saw


def test_ad_hoc_compare_of_three_codes_uses_the_same_design(client):
    response = client.get("/compare/", {"codes": "301,307,308"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<table class="glance cols-3">' in html and 'id="in-full"' in html
    redirect = re.search(r'<tr id="fact-redirect">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'data-label="([0-9]{3})"', redirect) == ["301", "307", "308"]
    assert "Permanent; POST may become GET" in redirect and "Temporary; method preserved" in redirect
    assert "Permanent; method preserved" in redirect
    for name, _ in ASPECTS:
        assert f'<tr id="{name}">' in html


@pytest.mark.parametrize("value", ["²²²,301", "①②③,301", "３０１,307"])
def test_ad_hoc_compare_refuses_non_ascii_digits_with_400_not_500(client, value):
    response = client.get("/compare/", {"codes": value})
    assert response.status_code == 400
    assert "three-digit numbers" in response.content.decode()
