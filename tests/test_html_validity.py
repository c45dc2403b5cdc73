"""Every page type is valid HTML according to the Nu Html Checker (vnu.jar, run with Java)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules/vnu-jar/build/dist/vnu.jar"
PAGE_TYPES = {
    "home": "/",
    "codes": "/codes/",
    "class": "/codes/5xx/",
    "code": "/codes/308/",
    "unofficial": "/codes/522/",
    "cheatsheet": "/codes/cheatsheet/",
    "compare-index": "/compare/",
    "comparison": "/compare/401-vs-403/",
    "adhoc": "/compare/?codes=502,503,504",
    "adhoc-error": "/compare/?codes=abc",
    "wizard": "/wizard/",
    "wizard-result": "/wizard/?a=success&a=created",
    "wizard-error": "/wizard/?a=nope",
    "lab": "/lab/redirects/",
    "arrived": "/lab/redirects/arrived/?via=303",
    "search": "/search/?q=timeout",
    "not-found": "/codes/999/",
    "search-corrected": "/search/?q=gatway+upstream+timed+out",
    "embed": "/embed/codes/410/",
    "not-producible": "/try/100/",
    "wizard-diagram": "/wizard/diagram/",
    "wizard-unsure": "/wizard/?a=redirect&a=moved&a=not-sure",
    "wizard-vendor": "/wizard/?a=log&a=nginx&a=499",
    "log-only": "/codes/499/",
    "renamed": "/codes/413/",
    "sorted-codes": "/codes/?sort=reason",
    "unassigned": "/codes/299/",
    "log-only-comparison": "/compare/499-vs-504/",
    "try-index": "/try/",
    "try-testing": "/try/testing/",
    "try-answer": "/try/404/",
    "try-refusal": "/try/200/?sleep=x",
    "measured-clients": "/clients/",
}
# Reader reports: the form (with its CSRF token), and its error pages.
PAGE_TYPES.update(
    {
        "report": "/report/?page=/compare/301-vs-308/&section=differences",
        "report-unknown": "/report/?page=/nowhere/",
        "report-thanks": "/report/thanks/?page=/codes/301/",
    }
)

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_every_page_type_is_valid_html(client, tmp_path):
    if not VNU.exists() or not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail("vnu.jar or java is missing: make test installs vnu-jar with npm; .ci/run installs Java")
        pytest.skip("needs Java and node_modules/vnu-jar (npm ci)")
    for name, path in PAGE_TYPES.items():
        # As a browser asks: the playground answers plain text unless Accept prefers HTML.
        (tmp_path / f"{name}.html").write_bytes(client.get(path, headers={"Accept": BROWSER_ACCEPT}).content)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"
    ]
    assert problems == []
