"""The errors section in Chromium: every guide fits 360 px without JavaScript and passes axe in light and dark."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from errors.models import ErrorGuide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_index_and_every_guide_fit_360_px_without_javascript(browser, site):
    context = browser.new_context(base_url=site, java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    too_wide = []
    for path in ["/errors/"] + [guide.get_absolute_url() for guide in ErrorGuide.objects.published()]:
        response = page.goto(path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{path}: {width}px")
    context.close()
    assert too_wide == []


def test_index_and_a_guide_pass_axe_in_light_and_dark(browser, site):
    axe, problems = Axe(), []
    for scheme in ("light", "dark"):
        context = browser.new_context(base_url=site, color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        for path in ("/errors/", "/errors/err-cert-common-name-invalid/", "/errors/cors-missing-allow-origin/"):
            page.goto(path)
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{scheme} {path}: {violation['id']} ({violation['impact']}) {targets}")
        context.close()
    assert problems == []
