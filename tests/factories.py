"""Small builders for content files and rows, for tests that need their own data."""

import textwrap

from reference.models import StatusCode

SECTION_TEXT = {
    "Definition": "Defined in [RFC 9110 §15.4.2](https://www.rfc-editor.org/rfc/rfc9110#section-15.4.2).",
    "Plain-language summary": "The page moved for good.",
    "When to use": "When a URL changes forever; use [[302]] for a temporary move.",
    "Client behaviour": "Browsers follow `Location`.",
    "Caching behaviour": "Heuristically cacheable.",
    "SEO / crawler impact": "Passes signals to the target.",
    "API / backend impact": "Clients may rewrite POST to GET.",
    "Safe to retry": "Follow the redirect instead.",
    "Real-world scenarios": "- http to https\n- renamed slug",
}


def code_file(
    code=301,
    reason="Moved Permanently",
    standing="standard",
    origin="null",
    extra_front="",
    sections=None,
    faq=(("Is it cached?", "Yes, heuristically."),),
    related="[]",
):
    sections = dict(SECTION_TEXT if sections is None else sections)
    front = (
        textwrap.dedent(f"""\
        ---
        code: {code}
        reason: {reason}
        standing: {standing}
        origin: {origin}
        spec:
          document: RFC 9110
          section: "15.4.2"
          url: https://www.rfc-editor.org/rfc/rfc9110#section-15.4.2
        summary: The target resource has a new permanent URI.
        heuristically_cacheable: true
        redirect:
          permanent: true
          method: may-change-to-get
        body_allowed: true
        headers: [Location]
        related: {related}
        """)
        + extra_front
        + "---\n"
    )
    body = "".join(f"\n## {heading}\n\n{text}\n" for heading, text in sections.items())
    if faq:
        body += "\n## FAQ\n\n" + "\n\n".join(f"### {q}\n\n{a}" for q, a in faq) + "\n"
    return front + body


def make_code(code, reason="Test Reason", **fields):
    values = {
        name: f"{name} of {code}"
        for name, _ in (
            ("definition", ""),
            ("plain_summary", ""),
            ("when_to_use", ""),
            ("client_behaviour", ""),
            ("caching", ""),
            ("seo_impact", ""),
            ("api_impact", ""),
            ("retry", ""),
            ("scenarios", ""),
        )
    }
    values.update(
        spec_document="RFC 9110", spec_url="https://www.rfc-editor.org/rfc/rfc9110", summary=f"Summary of {code}."
    )
    values.update(fields)
    return StatusCode.objects.create(code=code, reason=reason, **values)
