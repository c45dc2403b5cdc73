"""The Markdown pipeline: real Markdown, real nh3, the [[301]] and [[obs:...]] shorthands."""

import re

import nh3
import pytest

from reference.rendering import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    PLACEHOLDER_RE,
    bad_shorthands,
    cited_observations,
    linked_codes,
    placeholder_value,
    render_markdown,
    shorthand_advice,
)


def test_code_shorthand_links_to_the_code_page():
    html = render_markdown("Use [[308]] instead.")
    assert '<a href="/codes/308/">308</a>' in html


def test_code_shorthand_stays_literal_inside_code():
    html = render_markdown("Write `[[308]]` in the admin.\n\n```\n[[301]]\n```")
    assert "/codes/308/" not in html and "/codes/301/" not in html
    assert "[[308]]" in html and "[[301]]" in html


def test_shorthand_ignores_numbers_that_are_not_status_codes():
    assert "/codes/" not in render_markdown("[[999]] and [[42]]")


@pytest.mark.parametrize(
    "payload, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ('<a href="#" onclick="steal()">x</a>', "onclick"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
    ],
)
def test_sanitizer_removes_active_content(payload, forbidden):
    assert forbidden not in render_markdown(payload).lower()


def test_markdown_features_used_by_content_survive_sanitizing():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```http\nHTTP/1.1 301 Moved Permanently\n```")
    assert "<table>" in html and "<td>1</td>" in html
    assert '<code class="language-http">HTTP/1.1 301 Moved Permanently' in html


def test_linked_codes_lists_every_shorthand():
    assert linked_codes("see [[301]], [[308]] and [[301]]") == {301, 308}


# [[obs:client/scenario/code/method]]: a citation of a measured observation (filled in by the page).


def elements(html):
    """The start tags in html (text shown as text, such as an escaped "&lt;data", is no element)."""
    return re.findall(r"<[a-zA-Z][^>]*>", html)


PLACEHOLDER = '<data class="obs" value="requests/redirect/301/PUT">requests/redirect/301/PUT</data>'


def test_citation_renders_to_a_placeholder_naming_the_observation():
    assert render_markdown("A PUT after a 301: [[obs:requests/redirect/301/PUT]].") == (
        f"<p>A PUT after a 301: {PLACEHOLDER}.</p>"
    )
    assert cited_observations("[[obs:requests/redirect/301/PUT]] and [[obs:curl-x/redirect/302/POST]]") == {
        "requests/redirect/301/PUT",
        "curl-x/redirect/302/POST",
    }


def test_citation_stays_literal_inside_code():
    text = "Write `[[obs:requests/redirect/301/PUT]]`.\n\n```\n[[obs:curl/redirect/301/POST]]\n```"
    html = render_markdown(text)
    assert "<data" not in html
    assert "[[obs:requests/redirect/301/PUT]]" in html and "[[obs:curl/redirect/301/POST]]" in html
    assert cited_observations(text) == set() and bad_shorthands(text) == []


@pytest.mark.parametrize(
    "text",
    [
        '[[obs:requests/redirect/301/PUT" onmouseover="alert(1)]]',
        "[[obs:requests/redirect/301/PUT onmouseover=alert(1)]]",
        "[[obs:Requests/redirect/301/PUT]]",
        "[[obs:requests/redirect/301/put]]",
        "[[obs:requests/redirect/999/PUT]]",
        "[[obs:requests/redirect/301]]",
    ],
)
def test_a_citation_that_is_not_a_key_renders_nothing_and_is_reported(text):
    html = render_markdown(text)
    assert "<data" not in html and not any("onmouseover" in tag for tag in elements(html))
    assert bad_shorthands(text) == [text]
    assert shorthand_advice([text]).startswith("cite observations as [[obs:client/scenario/code/method]]")


@pytest.mark.parametrize(
    "raw",
    [
        '<data class="obs" value="requests/redirect/301/PUT">forged</data>',
        '<data class="obs" value="requests/redirect/301/PUT" onclick="steal()" style="color:red">x</data>',
        '<div>\n<data class="obs" value="requests/redirect/301/PUT">block</data>\n</div>',
        '<DATA CLASS="obs" VALUE="requests/redirect/301/PUT">upper</DATA>',
    ],
)
def test_raw_html_cannot_forge_a_placeholder_or_add_attributes_to_one(raw):
    html = render_markdown(f"Text {raw} more.\n\nAnd [[obs:requests/redirect/301/PUT]].")
    assert html.count("<data") == 1 and PLACEHOLDER in html
    assert not any("onclick" in tag or "style" in tag for tag in elements(html))


def test_the_sanitizer_keeps_only_the_placeholder_shape_of_data():
    clean = nh3.clean(
        '<data class="obs evil" value="javascript:alert(1)" onclick="x">k</data>'
        '<data class="obs" value="requests/redirect/301/PUT" title="t">k</data>',
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={"data": {"obs"}},
        attribute_filter=placeholder_value,
    )
    assert clean == '<data class="obs">k</data><data class="obs" value="requests/redirect/301/PUT">k</data>'
    assert len(PLACEHOLDER_RE.findall(clean)) == 1
