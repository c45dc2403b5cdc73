"""The measured-client tables in Chromium: no horizontal overflow on a 360 px phone (rows stack as
labelled lines), a wide desktop table scrolls inside its focusable region, and dark mode applies.
[[obs:...]] citations in the guides wrap on a phone and lead to the cited cell, which stands out."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_page(browser, site):
    contexts = []

    def opener(path, width, color_scheme="light"):
        context = browser.new_context(
            base_url=site, viewport={"width": width, "height": 800}, color_scheme=color_scheme
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", ["/clients/", "/codes/301/", "/codes/503/", "/compare/301-vs-302/"])
def test_no_horizontal_overflow_at_360_px_and_cells_carry_their_column_label(open_page, path):
    page = open_page(path, 360)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    cell = page.locator("table.measured-table td").first
    label = cell.get_attribute("data-label")
    assert (
        page.evaluate("(cell) => getComputedStyle(cell, '::before').content", cell.element_handle()) == f'"{label}: "'
    )
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('table.measured-table')].map(t => t.getBoundingClientRect().right))"
    )
    assert widest <= 360


def test_on_a_desktop_the_table_is_a_table_in_a_focusable_labelled_region(open_page):
    page = open_page("/codes/302/", 1280)
    region = page.locator(".table-scroll.measured").first
    assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
    page.keyboard.press("Tab")
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('measured')")
    assert page.evaluate("getComputedStyle(document.querySelector('table.measured-table tr')).display") == "table-row"


def test_dark_mode_colours_the_table_borders_from_the_theme(open_page):
    light = open_page("/codes/301/", 1280).evaluate(
        "getComputedStyle(document.querySelector('table.measured-table td')).borderBottomColor"
    )
    dark = open_page("/codes/301/", 1280, "dark").evaluate(
        "getComputedStyle(document.querySelector('table.measured-table td')).borderBottomColor"
    )
    assert light != dark


@pytest.mark.parametrize("path", ["/codes/301/", "/codes/302/", "/codes/503/", "/compare/301-vs-308/"])
def test_citations_fit_a_360_px_phone(open_page, path):
    page = open_page(path, 360)
    assert page.locator("a.obs").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    rights = page.evaluate("[...document.querySelectorAll('a.obs')].map(a => a.getBoundingClientRect().right)")
    assert max(rights) <= 360


def test_the_client_and_version_are_muted_in_dark_mode_too(open_page):
    page = open_page("/codes/301/", 1280, color_scheme="dark")
    small = page.locator("a.obs small.obs-client").first
    color = small.evaluate("e => getComputedStyle(e).color")
    body = page.evaluate("getComputedStyle(document.body).color")
    assert color != body and small.is_visible()


def test_following_a_citation_lands_on_its_highlighted_cell(open_page):
    page = open_page("/codes/301/", 1280)
    link = page.locator('a.obs[href="/clients/#obs-requests-redirect-301-PUT"]').first
    outcome = link.locator("data").inner_text()
    link.click()
    page.wait_for_url("**/clients/#obs-requests-redirect-301-PUT")
    cell = page.locator("#obs-requests-redirect-301-PUT")
    assert cell.inner_text() == outcome
    assert cell.evaluate("e => e.matches(':target') && getComputedStyle(e).outlineStyle") == "solid"
