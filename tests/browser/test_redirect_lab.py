"""What a real browser does with a POST through each redirect code, and with caching."""

import pytest

from reference.models import StatusCode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {301: "GET", 302: "GET", 303: "GET", 307: "POST", 308: "POST"}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_post_through_redirect_arrives_as_the_spec_and_our_facts_say(page, code):
    page.goto("/lab/redirects/")
    page.fill(f"#msg-{code}", f"hello via {code}")
    with page.expect_navigation(url=f"**/lab/redirects/arrived/?via={code}"):
        page.click(f"#post-{code}")
    method = page.text_content("#arrived-method")
    body = page.text_content("#arrived-body")
    assert method == EXPECTED[code]
    if method == "POST":
        assert body == f"message=hello+via+{code}"
    else:
        assert body == "(none)"
    # The structured fact served by the site agrees with what the browser did.
    fact = StatusCode.objects.get(code=code).redirect_method
    assert (fact == "preserved") == (method == "POST")
    assert page.request.get(f"/api/codes/{code}/").json()["redirect"]["method"] == fact


def test_browser_reuses_a_cached_301_but_asks_again_for_a_307(page, server_hits):
    for _ in range(2):
        page.goto("/lab/redirects/301/")
        assert page.text_content("#arrived-method") == "GET"
        page.goto("/lab/redirects/")
    for _ in range(2):
        page.goto("/lab/redirects/307/")
        assert page.text_content("#arrived-method") == "GET"
        page.goto("/lab/redirects/")
    assert server_hits.count("/lab/redirects/301/") == 1  # second visit served from the browser cache
    assert server_hits.count("/lab/redirects/307/") == 2  # no freshness: asked again
    assert server_hits.count("/lab/redirects/arrived/") == 4
