"""Pages in a real browser: the home filter, the wizard with JavaScript, a code page, dark mode."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_search_box_filters_codes_as_you_type(page):
    page.goto("/")
    page.fill("#q", "teapot")
    visible = page.locator(".code-card:visible")
    assert visible.count() == 1
    assert "418" in visible.first.text_content()
    page.fill("#q", "")
    assert page.locator(".code-card:visible").count() > 60


def test_home_search_submits_to_the_server_search(page):
    page.goto("/")
    page.fill("#q", "429")
    page.press("#q", "Enter")
    page.wait_for_url("**/codes/429/")
    assert page.text_content("h1").strip().startswith("429")


def test_wizard_steps_in_place_and_keeps_the_url(page):
    page.goto("/wizard/")
    page.evaluate("window.__noReload = true")
    for label in (
        "The client should go to another URL",
        "The resource lives at a different URL",
        "Yes, the old URL is retired for good",
        "Yes, non-GET requests",
    ):
        page.get_by_label(re.compile(re.escape(label))).check()
        page.get_by_role("button", name="Next").click()
        page.wait_for_load_state()
    page.wait_for_selector("#result-h")
    assert "308 Permanent Redirect" in page.text_content("#result-h")
    assert page.evaluate("window.__noReload") is True  # no full page load happened
    assert page.url.endswith("/wizard/?a=redirect&a=moved&a=permanent&a=preserve")
    assert page.evaluate("document.activeElement.id") == "result-h"
    page.go_back()
    page.wait_for_selector("#step-legend")
    assert "Must POST, PUT or DELETE" in page.text_content("#step-legend")


def test_wizard_by_keyboard_only(page):
    page.goto("/wizard/")
    page.focus("#a-redirect")
    page.keyboard.press("ArrowDown")  # radio group: arrows move the choice
    assert page.is_checked("#a-success")
    page.keyboard.press("ArrowUp")
    assert page.is_checked("#a-redirect")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Next"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Why are you redirecting?")
    # Focus moves to the new question, so keyboard and screen-reader users continue from there.
    assert page.evaluate("document.activeElement.id") == "step-legend"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "a-prg"


def test_wizard_without_javascript(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False)
    page = context.new_page()
    page.goto("/wizard/")
    page.check("#a-redirect")
    page.click("text=Next")
    page.check("#a-prg")
    page.click("text=Next")
    assert "303 See Other" in page.text_content("#result-h")
    assert page.url.endswith("/wizard/?a=redirect&a=prg")
    context.close()


def test_dark_mode_changes_colours(browser, site):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=site, color_scheme=scheme)
        page = context.new_page()
        page.goto("/codes/301/")
        colours[scheme] = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]
    assert colours["dark"] == "rgb(18, 20, 23)"


def test_comparison_row_anchor_scrolls_to_the_row(page):
    page.goto("/compare/301-vs-307/#caching")
    assert page.evaluate("document.querySelector(':target').id") == "caching"
