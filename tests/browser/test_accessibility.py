"""axe-core on every page type, light and dark: no serious or critical violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = [
    "/",
    "/codes/",
    "/codes/4xx/",
    "/codes/301/",
    "/codes/499/",
    "/compare/",
    "/compare/301-vs-307/",
    "/compare/?codes=301,307,308",
    "/wizard/",
    "/wizard/?a=redirect&a=moved&a=permanent&a=preserve",
    "/lab/redirects/",
    "/lab/redirects/arrived/?via=307",
    "/codes/cheatsheet/",
    "/search/?q=timeout",
    "/codes/999/",
    "/embed/codes/301/",
    "/codes/418/",
    "/codes/?sort=cacheable",
    "/compare/499-vs-504/",
    "/codes/299/",
    "/try/",
    "/try/testing/",
    "/try/404/",
    "/clients/",
]
# Pages whose phone layout differs (stacked tables, folded sections), checked again at 390 px.
PHONE_PAGE_TYPES = [
    "/codes/",
    "/codes/301/",
    "/codes/cheatsheet/",
    "/compare/301-vs-307/",
    "/compare/?codes=301,307,308",
]


def axe_problems(browser, site, paths, viewport=None):
    axe = Axe()
    problems = []
    for scheme in ("light", "dark"):
        context = browser.new_context(
            base_url=site, color_scheme=scheme, bypass_csp=True, **({"viewport": viewport} if viewport else {})
        )
        page = context.new_page()
        for path in paths:
            page.goto(path)
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{scheme} {path}: {violation['id']} ({violation['impact']}) {targets}")
        context.close()
    return problems


def test_every_page_type_passes_axe_in_light_and_dark(browser, site):
    assert axe_problems(browser, site, PAGE_TYPES) == []


def test_phone_layouts_pass_axe_in_light_and_dark(browser, site):
    assert axe_problems(browser, site, PHONE_PAGE_TYPES, viewport={"width": 390, "height": 844}) == []
