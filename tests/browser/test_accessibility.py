"""axe-core on every page type, light and dark: no serious or critical violations."""
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_TYPES = [
    "/", "/codes/", "/codes/4xx/", "/codes/301/", "/codes/499/", "/compare/", "/compare/301-vs-307/",
    "/compare/?codes=301,307,308", "/wizard/", "/wizard/?a=redirect&a=moved&a=permanent&a=preserve",
    "/lab/redirects/", "/lab/redirects/arrived/?via=307", "/codes/cheatsheet/", "/search/?q=timeout",
    "/codes/999/", "/embed/codes/301/",
    "/try/", "/try/testing/", "/try/404/",
]


def test_every_page_type_passes_axe_in_light_and_dark(browser, site):
    axe = Axe()
    problems = []
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=site, color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        for path in PAGE_TYPES:
            page.goto(path)
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{scheme} {path}: {violation['id']} ({violation['impact']}) {targets}")
        context.close()
    assert problems == []
