"""What a reader sees: names people search for, log-only facts, plain 404s, the dense code list."""

import re

import pytest
from django.utils.html import escape

from reference.models import StatusCode
from tests.factories import make_code

pytestmark = pytest.mark.django_db


def heading(html):
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def test_418_is_titled_im_a_teapot_beside_the_registrys_unused(client):
    html = client.get("/codes/418/").content.decode()
    assert "<title>418 I&#x27;m a teapot (Unused) · Status Codes Reference</title>" in html
    assert "I&#x27;m a teapot</span>" not in html  # the name is in the heading text, not a badge
    assert "I&#x27;m a teapot (Unused)" in heading(html)
    assert "“(Unused)”" in html


@pytest.mark.parametrize(
    "code, names",
    [
        (413, ["Payload Too Large", "Request Entity Too Large"]),
        (422, ["Unprocessable Entity"]),
        (416, ["Requested Range Not Satisfiable"]),
        (302, ["Moved Temporarily"]),
    ],
)
def test_former_reason_phrases_appear_as_formerly(client, code, names):
    html = client.get(f"/codes/{code}/").content.decode()
    formerly = re.search(r'<p class="formerly">(.*?)</p>', html).group(1)
    assert formerly.startswith("Formerly ")
    for name in names:
        assert f"“{name}”" in formerly
    current = StatusCode.objects.get(code=code).reason
    assert f"now “{current}”" in formerly
    assert client.get(f"/api/codes/{code}/").json()["former_reasons"] == names


def test_codes_never_renamed_show_no_formerly_line(client):
    assert 'class="formerly"' not in client.get("/codes/404/").content.decode()


def facts_of(html):
    panel = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", panel, re.S))


@pytest.mark.parametrize("code", [444, 460, 494, 495, 496, 497, 499])
def test_log_only_codes_show_who_logs_them_and_what_the_client_saw(client, code):
    status_code = StatusCode.objects.get(code=code)
    facts = facts_of(client.get(f"/codes/{code}/").content.decode())
    assert facts["Sent to the client"] == f"Never: only {status_code.origin} logs it"
    assert facts["The client saw instead"] == escape(status_code.client_saw)
    assert "Body" not in facts and "Cacheable by default" not in facts and "Redirect" not in facts


def test_codes_sent_on_the_wire_keep_body_caching_and_redirect_facts(client):
    facts = facts_of(client.get("/codes/301/").content.decode())
    assert facts["Redirect"] == "Permanent; POST may become GET"
    assert facts["Body"] == "Allowed" and facts["Cacheable by default"].startswith("Yes")
    assert "Sent to the client" not in facts


def test_an_unassigned_code_in_range_is_a_404_that_says_so(client):
    response = client.get("/codes/299/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "299 is unassigned: the IANA status code registry has no entry for it" in html
    assert "matches the given query" not in html and "100 to 599" not in html


def test_a_draft_code_is_a_404_that_does_not_call_it_unassigned(client):
    make_code(298, published=False)
    html = client.get("/codes/298/").content.decode()
    assert "The page for 298 is not published yet." in html and "unassigned" not in html


@pytest.mark.parametrize("path", ["/compare/301-vs-418/", "/compare/200-vs-201/x", "/298", "/compare/298-vs-298/"])
def test_no_404_leaks_djangos_lookup_message(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "matches the given query" not in response.content.decode()


def test_an_unwritten_pair_points_to_the_ad_hoc_table(client):
    html = client.get("/compare/301-vs-418/").content.decode()
    assert "There is no written comparison of 301 and 418." in html
    assert "/compare/?codes=301,418" in html


def code_list_order(html):
    return [int(n) for n in re.findall(r'<th scope="row"><a href="/codes/([0-9]{3})/">', html)]


def test_code_list_is_a_table_of_facts_sorted_by_code(client):
    html = client.get("/codes/").content.decode()
    published = list(StatusCode.objects.published().values_list("code", flat=True))
    assert code_list_order(html) == sorted(published)
    for column in ("Redirect", "Body", "Headers"):
        assert f'<th scope="col">{column}</th>' in html
    assert 'href="?sort=reason"' in html and 'aria-sort="ascending"' in html


def test_code_list_sorts_by_a_column_link_without_javascript(client):
    html = client.get("/codes/", {"sort": "reason"}).content.decode()
    reasons = dict(StatusCode.objects.published().values_list("code", "reason"))
    order = code_list_order(html)
    assert [reasons[code] for code in order] == sorted(reasons[code] for code in order)
    cacheable = code_list_order(client.get("/codes/", {"sort": "cacheable"}).content.decode())
    flags = dict(StatusCode.objects.values_list("code", "heuristically_cacheable"))
    assert [flags[code] for code in cacheable] == sorted((flags[code] for code in cacheable), reverse=True)


@pytest.mark.parametrize("value", ["bogus", "²", "reason;drop"])
def test_code_list_refuses_an_unknown_sort_with_400(client, value):
    response = client.get("/codes/", {"sort": value})
    assert response.status_code == 400
    assert "The list sorts by code, reason, standing, cacheable" in response.content.decode()


def search_inputs(html):
    return re.findall(r'<input[^>]*type="search"[^>]*>', html)


def test_home_has_one_search_box_and_every_search_box_takes_instant_search(client):
    home = search_inputs(client.get("/").content.decode())
    assert len(home) == 1
    for path in ("/", "/codes/301/", "/search/?q=timeout", "/codes/299/"):
        inputs = search_inputs(client.get(path).content.decode())
        assert inputs and all("data-instant-search" in tag for tag in inputs), path
    assert len(search_inputs(client.get("/search/?q=timeout").content.decode())) == 1


def test_code_page_folds_facts_and_contents_into_details(client):
    html = client.get("/codes/301/").content.decode()
    assert html.count('<details class="collapsible') == 2
    assert html.index('<dl class="facts">') > html.index(
        "<summary>Facts: 3xx, permanent, cacheable by default</summary>"
    )
