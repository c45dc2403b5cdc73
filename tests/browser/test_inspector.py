"""The inspector in Chromium: works with JavaScript off, fits 360 px, passes axe in light and dark."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CURL = (
    "HTTP/1.1 301 Moved Permanently\nLocation: https://example.com/a-very-long-path/that/keeps/going/and/going/"
    "and-going-without-any-break-at-all\nDate: Mon, 01 Jan 2024 00:00:00 GMT\nCache-Control: max-age=3600\n"
)
LOG = "\n".join(
    f'192.0.2.{i % 5} - - [10/Oct/2024:13:55:{i:02d} +0000] "GET /p{i % 4} HTTP/1.1" {s} 1 "-" "ua"'
    for i, s in enumerate([200] * 20 + [499] * 6 + [302, 503, 304])
)


def submit(page, path, field, text):
    page.goto(path)
    page.fill(f"textarea[name={field}]", text)
    page.click("form.inspect-form button[type=submit]")


@pytest.mark.parametrize(
    "path, field, text, heading",
    [
        ("/inspect/", "response", CURL, "301 Moved Permanently"),
        ("/inspect/logs/", "log", LOG, "29 requests, read as nginx / Apache combined"),
    ],
)
def test_forms_work_without_javascript_and_fit_360_px(browser, site, path, field, text, heading):
    context = browser.new_context(base_url=site, java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    submit(page, path, field, text)
    assert heading in page.locator("h2").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_results_pass_axe_in_light_and_dark(browser, site):
    axe, problems = Axe(), []
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=site, color_scheme=scheme)
        page = context.new_page()
        for path, field, text in (("/inspect/", "response", CURL), ("/inspect/logs/", "log", LOG)):
            submit(page, path, field, text)
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    problems.append(
                        f"{scheme} {path}: {violation['id']} {[n['target'] for n in violation['nodes']][:3]}"
                    )
        context.close()
    assert problems == []
