"""Layout in Chromium at a phone's width (390 px) and a desktop's (1280 px): nothing overflows,
nothing sits off-screen, and each page type puts what the reader came for where they look first."""

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
PAGE_TYPES = [
    "/",
    "/codes/",
    "/codes/?sort=cacheable",
    "/codes/4xx/",
    "/codes/301/",
    "/codes/413/",
    "/codes/418/",
    "/codes/499/",
    "/codes/cheatsheet/",
    "/compare/",
    "/compare/301-vs-307/",
    "/compare/499-vs-504/",
    "/compare/?codes=301,307,308",
    "/search/?q=timeout",
    "/codes/299/",
    "/wizard/",
    "/lab/redirects/",
]
# Elements wider or further right than the viewport, ignoring what is hidden on purpose: the
# skip link parks at left: -999px until focused; visually hidden text (and a phone's table
# headings) sit in a 1 px box with clip, which no one sees.
OFF_SCREEN = """() => [...document.querySelectorAll("body *")].filter(element => {
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || element.closest(".skip")) return false;
    for (let e = element; e; e = e.parentElement) if (getComputedStyle(e).clip !== "auto") return false;
    return box.left < -0.5 || box.right > window.innerWidth + 0.5;
}).slice(0, 5).map(element => element.tagName.toLowerCase() + "." + element.className + ": "
    + Math.round(element.getBoundingClientRect().left) + ".." + Math.round(element.getBoundingClientRect().right))"""


def screenshot(page, name):
    """Screenshots of each page type for review, when SCREENSHOT_DIR names a folder (CI artifacts)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def viewport_page(browser, site):
    contexts = []

    def open_page(viewport, color_scheme="light"):
        context = browser.new_context(base_url=site, viewport=viewport, color_scheme=color_scheme)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_no_page_type_overflows_or_puts_anything_off_screen_on_a_phone_or_a_desktop(viewport_page):
    problems = []
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = viewport_page(viewport)
        for path in PAGE_TYPES:
            page.goto(path)
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                problems.append(f"{name} {path}: page is {width[0]} px wide in a {width[1]} px viewport")
            for element in page.evaluate(OFF_SCREEN):
                problems.append(f"{name} {path}: off-screen {element}")
            screenshot(page, f"{name}-{path.strip('/').replace('/', '_').replace('?', '_') or 'home'}")
    assert problems == [], "\n".join(problems)


def test_the_decision_rule_and_key_differences_are_above_the_fold_on_a_desktop(viewport_page):
    page = viewport_page(DESKTOP)
    for path in ("/compare/301-vs-307/", "/compare/499-vs-504/", "/compare/401-vs-403/"):
        page.goto(path)
        rule = page.locator("#decision-rule").bounding_box()
        differences = page.locator("#differences").bounding_box()
        assert rule["y"] + rule["height"] <= 900, path
        assert differences["y"] < 900, path


def test_on_a_phone_the_comparison_rows_stack_as_labelled_pairs(viewport_page):
    page = viewport_page(PHONE)
    page.goto("/compare/301-vs-307/")
    cells = page.locator("#caching td")
    assert cells.count() == 2
    for index, code in enumerate(("301", "307")):
        box = cells.nth(index).bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390  # both columns on screen
        label = cells.nth(index).evaluate("cell => getComputedStyle(cell, '::before').content")
        assert label == f'"{code}"'
    first, second = (cells.nth(i).bounding_box() for i in (0, 1))
    assert second["y"] >= first["y"] + first["height"] - 1  # stacked, not side by side


def test_in_full_links_open_the_folded_aspect_on_a_phone(viewport_page):
    page = viewport_page(PHONE)
    page.goto("/compare/301-vs-307/")
    assert page.locator("#caching-in-full").evaluate("details => details.open") is False
    page.locator("#caching a.in-full").click()
    assert page.locator("#caching-in-full").evaluate("details => details.open") is True
    assert page.locator("#caching-in-full .prose").first.is_visible()


def test_code_page_on_a_phone_starts_the_definition_on_the_first_screen(viewport_page):
    page = viewport_page(PHONE)
    page.goto("/codes/301/")
    assert page.locator("#definition").bounding_box()["y"] < PHONE["height"]
    facts = page.locator("details.collapsible").first
    assert facts.evaluate("details => details.open") is False
    assert not page.locator(".facts").is_visible()
    facts.locator("summary").click()
    assert page.locator(".facts").is_visible()


@pytest.mark.parametrize("javascript", [True, False])
def test_code_page_on_a_desktop_shows_facts_and_contents_without_a_click(browser, site, javascript):
    context = browser.new_context(base_url=site, viewport=DESKTOP, java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/codes/301/")
    assert page.locator(".facts").is_visible()
    assert page.get_by_role("link", name="Caching behaviour").first.is_visible()
    assert not page.locator("details.collapsible > summary").first.is_visible()
    context.close()


def test_copy_link_buttons_appear_on_hover_and_focus_only(viewport_page):
    page = viewport_page(DESKTOP)
    page.goto("/codes/301/")
    button = page.locator("#caching-h .copy-link")
    assert button.evaluate("b => getComputedStyle(b).opacity") == "0"
    page.locator("#caching-h").hover()
    assert button.evaluate("b => getComputedStyle(b).opacity") == "1"
    page.mouse.move(0, 0)
    button.focus()
    assert button.evaluate("b => getComputedStyle(b).opacity") == "1"


def test_inline_code_never_breaks_inside_a_token_on_a_phone(viewport_page):
    page = viewport_page(PHONE)
    page.goto("/codes/301/")
    broken = page.evaluate("""() => [...document.querySelectorAll(".nobr")]
        .filter(element => element.getClientRects().length > 1).map(element => element.textContent)""")
    assert page.locator(".nobr", has_text="--post301").count() >= 1
    assert broken == []


CONTRAST = """() => {
    const channel = value => { value /= 255; return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4; };
    const luminance = color => { const [r, g, b] = color.match(/[0-9.]+/g).map(Number);
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
    const background = element => { for (let e = element; e; e = e.parentElement) {
        const color = getComputedStyle(e).backgroundColor; if (!color.endsWith(", 0)") && color !== "transparent") return color; }
        return "rgb(255, 255, 255)"; };
    return [...document.querySelectorAll('.code-card:has(a[href^="/codes/4"]) .num')].map(element => {
        const a = luminance(getComputedStyle(element).color), b = luminance(background(element));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_4xx_amber_reads_at_4_5_to_1_or_better(viewport_page, scheme):
    page = viewport_page(DESKTOP, color_scheme=scheme)
    page.goto("/")
    ratios = page.evaluate(CONTRAST)
    assert len(ratios) > 30 and min(ratios) >= 4.5


PLACEHOLDER_FITS = """() => [...document.querySelectorAll("input[placeholder]")].map(input => {
    const style = getComputedStyle(input), context = document.createElement("canvas").getContext("2d");
    context.font = style.fontSize + " " + style.fontFamily;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [input.id, context.measureText(input.placeholder).width <= room];
})"""


def test_search_placeholders_fit_their_boxes_on_a_small_phone(viewport_page):
    page = viewport_page({"width": 360, "height": 740})
    for path in ("/", "/codes/301/", "/search/", "/compare/"):
        page.goto(path)
        fits = page.evaluate(PLACEHOLDER_FITS)
        assert fits and all(fit for _, fit in fits), (path, fits)
