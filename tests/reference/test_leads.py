"""The short cells of the side-by-side table and inline code that keeps its tokens whole."""

from reference.rendering import lead_html, render_markdown


def test_lead_is_the_first_sentence_of_the_first_paragraph():
    html = render_markdown(
        "A 301 is cacheable by default, so browsers and CDNs may keep it. Browsers keep it long.\n\nSecond."
    )
    assert lead_html(html) == "<p>A 301 is cacheable by default, so browsers and CDNs may keep it.</p>"


def test_a_short_first_sentence_takes_the_second_with_it():
    html = render_markdown("Never send it. It describes something the client did. A third sentence.")
    assert lead_html(html) == "<p>Never send it. It describes something the client did.</p>"


def test_abbreviations_and_full_stops_inside_code_or_links_do_not_end_the_sentence():
    html = render_markdown(
        "Clients, e.g. curl, read `Retry-After. Twice` and [RFC 9110 §15.1. Note](https://example.com/) "
        "before they retry a request. Then more."
    )
    lead = lead_html(html, minimum=10)
    assert lead.endswith("before they retry a request.</p>")
    assert lead.count("<code") == lead.count("</code>") and lead.count("<a ") == lead.count("</a>")


def test_a_lead_that_introduces_a_list_ends_with_a_full_stop():
    html = render_markdown("Send 301 for permanent URL changes reached with GET:\n\n- moved pages\n- HTTPS")
    assert lead_html(html) == "<p>Send 301 for permanent URL changes reached with GET.</p>"


def test_a_text_that_starts_with_a_list_leads_with_its_first_item():
    html = render_markdown("- **Browsers** follow it at once and keep the method and the body. More.\n- Second.")
    assert lead_html(html) == "<p><strong>Browsers</strong> follow it at once and keep the method and the body.</p>"


def test_no_paragraph_no_lead():
    assert lead_html(render_markdown("```\ncode only\n```")) == ""


def test_inline_code_keeps_hyphenated_tokens_whole_and_code_blocks_untouched():
    html = render_markdown(
        "Pass `--post301`, or `curl -L --post301 https://example.com/a-very-long-path-name/x`.\n\n```\nx-y\n```"
    )
    assert '<code class="nobr">--post301</code>' in html
    assert '<span class="nobr">--post301</span>' in html
    assert "https://example.com/a-very-long-path-name/x" in html  # too long for a phone: may break
    assert '<span class="nobr">https://' not in html
    assert "<pre><code>x-y\n</code></pre>" in html


def test_inline_code_without_inner_hyphens_is_left_alone():
    assert render_markdown("`-L` and `GET`") == "<p><code>-L</code> and <code>GET</code></p>"
