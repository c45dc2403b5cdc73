"""The Markdown pipeline: real Markdown, real nh3, the [[301]] shorthand."""

import pytest

from reference.rendering import linked_codes, render_markdown


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
