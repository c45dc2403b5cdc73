"""The playground in a real browser: its pages fit a phone, and scripts on other origins can use /try/."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/try/", "/try/testing/", "/try/404/", "/try/random/503/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_playground_pages_fit_a_360px_screen(browser, site, scheme):
    context = browser.new_context(base_url=site, viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    widths = {}
    for path in PAGES:
        page.goto(path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert widths == {path: 360 for path in PAGES}


def test_a_script_on_another_origin_reads_the_status_and_the_callers_header(browser, site):
    """localhost and 127.0.0.1 are different origins, so this fetch is cross-origin with a preflight."""
    other_origin = site.replace("localhost", "127.0.0.1")
    assert other_origin != site
    context = browser.new_context(base_url=site, bypass_csp=True)  # our own CSP would forbid the page to connect out
    page = context.new_page()
    page.goto("/codes/503/")
    result = page.evaluate(
        """async (url) => {
        const response = await fetch(url, {method: "PUT", headers: {"X-HttpStatus-Response-Retry-After": "7"}});
        return {status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.text()};
    }""",
        f"{other_origin}/try/503/",
    )
    context.close()
    assert result["status"] == 503 and result["retryAfter"] == "7"
    assert "to your PUT request" in result["body"]
