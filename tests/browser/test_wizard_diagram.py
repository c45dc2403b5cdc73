"""The wizard's diagram and steps in Chromium: small screens, dark mode, strict CSP, target sizes, axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_CSP = "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"


def open_page(browser, site, path, **options):
    context = browser.new_context(base_url=site, **options)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    page.goto(path)
    return context, page


def test_diagram_at_360_px_scrolls_inside_its_box_not_the_page(browser, site):
    context, page = open_page(browser, site, "/wizard/diagram/", viewport={"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator(".diagram-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # the drawing is wider: it scrolls in its box
    box.focus()
    assert page.evaluate("document.activeElement.className") == "diagram-scroll"
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.diagram-scroll').scrollLeft > 0", timeout=3000
    )  # keyboard scrolls it
    assert page.evaluate("window.__csp") == []
    context.close()


def test_no_diagram_text_is_cut_off_at_the_drawing_edge(browser, site):
    context, page = open_page(browser, site, "/wizard/diagram/")
    overflow = page.eval_on_selector(
        "svg.diagram[viewBox^='0 0 ']:not([aria-hidden])",
        """svg => [...svg.querySelectorAll('text')]
                 .map(t => [t.textContent, t.getBBox().x + t.getBBox().width - svg.viewBox.baseVal.width])
                 .filter(([, over]) => over > 0)""",
    )
    assert overflow == []
    context.close()


def test_diagram_links_lead_to_the_step_and_to_the_code(browser, site):
    context, page = open_page(browser, site, "/wizard/diagram/")
    page.locator("a.row.question", has_text="Is the move permanent?").first.click()
    page.wait_for_selector("#step-legend")
    assert page.text_content("#step-legend") == "Is the move permanent?"
    page.go_back()
    page.locator("a.row.outcome", has_text="→ 416 Range Not Satisfiable").first.click()
    page.wait_for_url("**/codes/416/")
    context.close()


def test_diagram_follows_dark_mode(browser, site):
    fills = {}
    for scheme in ("light", "dark"):
        context, page = open_page(browser, site, "/wizard/diagram/", color_scheme=scheme)
        fills[scheme] = page.locator("a.row.question text").first.evaluate("el => getComputedStyle(el).fill")
        context.close()
    assert fills == {"light": "rgb(28, 30, 33)", "dark": "rgb(230, 232, 235)"}  # --fg in each scheme


def test_wizard_radio_targets_are_at_least_24_px(page):
    page.goto("/wizard/")
    sizes = page.eval_on_selector_all(
        "input[type=radio]", "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    assert sizes and all(width >= 24 and height >= 24 for width, height in sizes)


def test_not_sure_with_javascript_shows_the_explanation_in_place(page):
    page.goto("/wizard/?a=redirect&a=moved")
    page.evaluate("window.__noReload = true")
    page.get_by_label("I'm not sure: explain the difference").check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_selector("#unsure-h")
    assert page.evaluate("window.__noReload") is True
    assert page.evaluate("document.activeElement.id") == "step-legend"
    assert page.url.endswith("/wizard/?a=redirect&a=moved&a=not-sure")


def test_diagram_and_not_sure_pages_pass_axe_in_light_and_dark(browser, site):
    axe, problems = Axe(), []
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=site, color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        for path in ("/wizard/diagram/", "/wizard/?a=redirect&a=moved&a=not-sure", "/wizard/?a=log&a=nginx&a=499"):
            page.goto(path)
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    problems.append(
                        f"{scheme} {path}: {violation['id']} {[n['target'] for n in violation['nodes']][:3]}"
                    )
        context.close()
    assert problems == []
