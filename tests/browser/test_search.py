"""Instant search in a real browser: the ARIA combobox, the keyboard, and the form without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_results(page, query):
    page.goto("/search/")
    page.fill("#q", query)
    page.wait_for_selector("[role=listbox]:not([hidden])")
    return page.locator("[role=listbox]")


def test_results_appear_under_the_box_as_you_type_with_the_words_marked(page):
    listbox = open_results(page, "upstream timed out")
    box = page.locator("#q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    first = listbox.locator("[role=option]").first
    assert first.locator("strong").text_content() == "504 Gateway Timeout"
    assert first.locator("mark").count() >= 1
    assert "results" in page.locator("[role=status]").text_content()


def test_arrow_keys_move_through_the_options_and_enter_opens_one(page):
    listbox = open_results(page, "upstream timed out")
    options = listbox.locator("[role=option]")
    page.press("#q", "ArrowDown")
    assert page.get_attribute("#q", "aria-activedescendant") == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    page.press("#q", "ArrowDown")
    page.press("#q", "ArrowUp")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    page.press("#q", "ArrowUp")  # back in the box itself
    assert page.get_attribute("#q", "aria-activedescendant") is None
    page.press("#q", "ArrowDown")
    page.press("#q", "Enter")
    page.wait_for_url("**/codes/504/**")


def test_a_code_number_offers_its_page_and_a_pair_its_comparison(page):
    listbox = open_results(page, "404")
    assert listbox.locator("[role=option]").all_text_contents()[0].startswith("404 Not Found")
    page.fill("#q", "204 vs 410")
    page.wait_for_selector("[role=option][data-url='/compare/?codes=204,410']")
    page.press("#q", "ArrowDown")
    page.press("#q", "Enter")
    page.wait_for_url("**/compare/?codes=204,410")


def test_escape_closes_the_list_and_enter_submits_the_plain_search(page):
    listbox = open_results(page, "rate limited")
    page.press("#q", "Escape")
    assert listbox.is_hidden() and page.get_attribute("#q", "aria-expanded") == "false"
    page.press("#q", "Enter")
    page.wait_for_url("**/search/?q=rate+limited")
    assert page.locator('.search-result[data-key="429"]').count() == 1


def test_search_works_without_javascript(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search/")
    page.fill("#q", "client intended to send too large body")
    page.press("#q", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".search-result").first.get_attribute("data-key") == "413"
    assert page.locator("[role=listbox]").count() == 0
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_open_results_fit_the_screen_and_pass_axe(browser, site, width):
    context = browser.new_context(base_url=site, viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    open_results(page, "redirect")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []
    context.close()


def test_error_guides_keep_places_among_many_code_results(page):
    listbox = open_results(page, "connection refused upstream")
    options = listbox.locator("[role=option]")
    details = listbox.locator(".instant-section").all_text_contents()
    assert options.count() <= 8
    assert any(detail.startswith("Code") for detail in details)
    assert any(detail.startswith("Error") for detail in details)
    error = listbox.locator("[role=option]", has_text="ERR_CONNECTION_REFUSED").first
    assert error.get_attribute("data-url").startswith("/errors/err-connection-refused/")
