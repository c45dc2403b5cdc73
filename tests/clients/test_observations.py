"""The shipped observations: loaded all or nothing, shown on /clients/, the code and comparison
pages and /api/clients/, and refreshed on those cached pages when the data changes."""

import re
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from clients.content import parse_observations
from clients.models import Observation

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parents[2] / "clients" / "content" / "observations.yaml"


def shipped():
    return parse_observations(SHIPPED.read_text(encoding="utf-8"), str(SHIPPED))


def test_every_shipped_observation_is_loaded_with_its_client_version():
    clients, observations = shipped()
    assert Observation.objects.count() == len(observations) > 300
    row = Observation.objects.get(client="requests", scenario="redirect", code=301, method="PUT")
    entry = next(
        o
        for o in observations
        if (o["client"], o["scenario"], o["code"], o["method"]) == ("requests", "redirect", 301, "PUT")
    )
    assert (row.method_after, row.body_kept) == (entry["method_after"], entry["body_kept"])
    assert row.version == clients["requests"]["version"]
    assert row.measured_on == clients["requests"]["measured_on"]


def test_every_client_the_issue_names_was_measured():
    clients, _ = shipped()
    assert {
        "curl",
        "wget",
        "requests",
        "httpx",
        "urllib3",
        "aiohttp",
        "urllib.request",
        "node-fetch",
        "axios",
        "go-net-http",
        "chromium-navigation",
        "chromium-form",
        "chromium-fetch",
        "firefox-navigation",
        "firefox-form",
        "firefox-fetch",
    } <= set(clients)


def copy_content(tmp_path):
    for part in ("reference/content", "comparisons/content", "wizard/content", "clients/content"):
        shutil.copytree(Path(__file__).resolve().parents[2] / part, tmp_path / part)
    return tmp_path / "clients" / "content" / "observations.yaml"


def test_a_bad_entry_loads_nothing_and_names_the_entry_and_field(tmp_path, settings):
    path = copy_content(tmp_path)
    settings.CONTENT_DIR = tmp_path
    text = path.read_text()
    path.write_text(text.replace("method_after: PUT, body_kept: false", "method_after: PUT, body_kept: maybe", 1))
    before = Observation.objects.get(client="requests", scenario="redirect", code=301, method="PUT").body_kept
    with pytest.raises(CommandError, match=r"observations\[\d+\]\.body_kept: must be true, false or left out"):
        call_command("load_content", verbosity=0)
    assert Observation.objects.get(client="requests", scenario="redirect", code=301, method="PUT").body_kept == before


def test_reloading_applies_changes_and_removes_cases_the_file_dropped(tmp_path, settings):
    path = copy_content(tmp_path)
    settings.CONTENT_DIR = tmp_path
    lines = path.read_text().splitlines()
    dropped = next(line for line in lines if line.startswith("- {client: wget, scenario: redirect-limit"))
    path.write_text("\n".join(line for line in lines if line != dropped) + "\n")
    call_command("load_content", verbosity=0)
    assert not Observation.objects.filter(client="wget", scenario="redirect-limit").exists()
    call_command("load_content", verbosity=0)  # idempotent: nothing left to change
    assert Observation.objects.count() == len(shipped()[1]) - 1


def test_matrix_page_lists_every_client_with_its_version_in_scrollable_labelled_regions(client):
    clients, _ = shipped()
    response = client.get("/clients/")
    assert response.status_code == 200
    html = response.content.decode()
    for name, info in clients.items():
        assert escape(info["version"]) in html, name
    assert "Chromium, fetch()" in html and "Python urllib.request" in html
    regions = re.findall(r'<div class="table-scroll measured" role="region" aria-label="[^"]+" tabindex="0">', html)
    assert len(regions) >= 10
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def measured_row(html, label):
    """The cells of one client's row in the first measured table of a page."""
    table = html.split('id="measured-clients"', 1)[1].split("</table>", 1)[0]
    row = next(
        row for row in table.split("<tr>") if re.search(rf'<th scope="row">([^<]*, )?{re.escape(label)}[ ,<]', row)
    )
    return re.findall(r"<td data-label=\"[^\"]*\"(?: id=\"[^\"]*\")?>([^<]*)</td>", row)


def test_301_page_shows_what_requests_and_curl_did_with_each_method(client):
    html = client.get("/codes/301/").content.decode()
    assert "Measured client behaviour" in html
    assert measured_row(html, "Python requests")[:4] == [
        "GET",
        "GET (changed), body dropped",
        "PUT, body dropped",
        "DELETE, body dropped",
    ]
    assert measured_row(html, "curl")[1] == "GET (changed), body dropped"


@pytest.mark.parametrize(
    "path, code",
    [
        ("/codes/302/", 302),
        ("/codes/303/", 303),
        ("/codes/307/", 307),
        ("/codes/308/", 308),
        ("/codes/429/", 429),
        ("/codes/503/", 503),
        ("/codes/401/", 401),
    ],
)
def test_redirect_retry_and_auth_pages_have_the_table(client, path, code):
    html = client.get(path).content.decode()
    assert 'id="measured-clients"' in html
    assert f"<caption>{code}: " in html


@pytest.mark.parametrize(
    "slug",
    ["301-vs-302", "301-vs-308", "302-vs-307", "303-vs-307", "307-vs-308", "429-vs-503", "500-vs-503", "401-vs-407"],
)
def test_comparisons_between_measured_codes_have_one_side_by_side_table(client, slug):
    first, second = slug.split("-vs-")
    html = client.get(f"/compare/{slug}/").content.decode()
    assert html.count(f"<caption>{first} and {second}, side by side") == 1


def test_comparison_table_shows_the_measured_difference_between_301_and_308(client):
    html = client.get("/compare/301-vs-308/").content.decode()
    headings = re.findall(
        r'<th scope="col">([^<]*)</th>', html.split('id="measured-clients"', 1)[1].split("</thead>", 1)[0]
    )
    cells = dict(zip(headings[1:], measured_row(html, "Python requests"), strict=True))
    assert cells["301 POST"] == "GET, no body" and cells["308 POST"] == "kept, body kept"
    assert cells["301 PUT, DELETE"] == "kept, no body" and cells["308 PUT, DELETE"] == "kept, body kept"


def test_retry_table_shows_urllib3_waiting_and_requests_not_retrying(client):
    html = client.get("/codes/503/").content.decode()
    seconds, date = measured_row(html, "Python urllib3 (Retry)")
    assert seconds == "retried after 1 s"
    assert date.startswith("retried after ")  # an HTTP-date 2 s ahead, at one-second resolution
    assert measured_row(html, "Python requests")[0] == "not retried"


def test_codes_without_observations_have_no_table(client):
    assert 'id="measured-clients"' not in client.get("/codes/200/").content.decode()


def test_changed_observation_shows_on_the_cached_page(client):
    assert "PUT, body dropped" in measured_row(client.get("/codes/301/").content.decode(), "Python requests")
    row = Observation.objects.get(client="requests", scenario="redirect", code=301, method="PUT")
    row.body_kept = True
    row.save()
    assert measured_row(client.get("/codes/301/").content.decode(), "Python requests")[2] == "PUT, body kept"


def test_api_lists_each_observation_with_the_issue_fields(client):
    data = client.get("/api/clients/").json()
    assert data["count"] == Observation.objects.count()
    item = next(o for o in data["observations"] if o["key"] == "requests/redirect/301/PUT")
    assert {key: item[key] for key in ("client", "code", "method", "followed", "method_after", "body_kept")} == {
        "client": "requests",
        "code": 301,
        "method": "PUT",
        "followed": True,
        "method_after": "PUT",
        "body_kept": False,
    }
    assert item["authorization_kept_cross_origin"] is False
    assert re.fullmatch(r"[0-9.]+", item["version"])


def test_admin_shows_observations_read_only(admin_client):
    response = admin_client.get("/admin/clients/observation/")
    assert response.status_code == 200 and "go-net-http" in response.content.decode()
    assert admin_client.get("/admin/clients/observation/add/").status_code == 403
