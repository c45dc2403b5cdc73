"""A reader reports a mistake from a cached code page, with JavaScript off; the form passes axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from reports.models import ReaderReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_without_javascript_reports_a_mistake_in_a_section(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/codes/429/")
    page.goto("/codes/429/")  # served from the page cache this time
    page.select_option("#report-section", "retry")
    page.click("text=Report a mistake or suggest an edit >> nth=-1")
    page.wait_for_url("**/report/?page=%2Fcodes%2F429%2F&section=retry")
    assert page.input_value("#id_section") == "retry"
    page.fill("#id_message", "Retry-After may also be an HTTP-date (RFC 9110 section 10.2.3).\nPlease say so.")
    page.click("text=Send the report")
    page.wait_for_url("**/report/thanks/**")
    assert "is in the editors' queue" in page.text_content("main")
    report = ReaderReport.objects.get()
    assert (report.page, report.section, report.section_heading) == ("/codes/429/", "retry", "Safe to retry")
    assert report.message == "Retry-After may also be an HTTP-date (RFC 9110 section 10.2.3).\nPlease say so."
    context.close()


def test_the_anchor_a_reader_followed_preselects_the_section(page):
    page.goto("/compare/301-vs-308/#differences")
    assert page.input_value("#report-section") == "differences"


def test_report_pages_pass_axe_in_light_and_dark(browser, site):
    axe, problems = Axe(), []
    for scheme in ("light", "dark"):
        context = browser.new_context(
            base_url=site, color_scheme=scheme, bypass_csp=True, viewport={"width": 360, "height": 800}
        )
        page = context.new_page()
        for path in ("/report/?page=/codes/301/&section=caching", "/report/?page=/nowhere/", "/codes/301/"):
            page.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (scheme, path)
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    problems.append(
                        f"{scheme} {path}: {violation['id']} {[n['target'] for n in violation['nodes']][:3]}"
                    )
        context.close()
    assert problems == []
