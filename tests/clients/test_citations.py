"""[[obs:client/scenario/code/method]] in a guide shows what that client did, as measured now.

Guides store a placeholder; the page fills it from the observations when it is shown, so a
re-measurement reaches every cached page that cites it, and no guide may cite a case that was
not measured.
"""

import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils.html import escape

from authoring.models import ContentRevision
from clients.citations import with_measured_values
from clients.content import parse_observations
from clients.models import Observation
from comparisons.models import Comparison
from errors.models import ErrorGuide
from reference.models import StatusCode
from reference.rendering import PLACEHOLDER_RE, cited_observations, render_markdown
from tests.authoring.test_authoring import PASSWORD, code_form
from wizard.models import Question

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OBSERVATIONS = ROOT / "clients" / "content" / "observations.yaml"
CITING_FOLDERS = {
    "reference/content/codes": "/codes/{stem}/",
    "comparisons/content/comparisons": "/compare/{stem}/",
    "errors/content/errors": "/errors/{stem}/",
}


def observation(key):
    client, scenario, code, method = key.split("/")
    return Observation.objects.get(client=client, scenario=scenario, code=int(code), method=method)


def shown(observation):
    """The citation as a reader's page carries it: outcome, client label and version, linked to its cell."""
    return (
        f'<a class="obs" href="/clients/#{observation.anchor}" title="Measured on {observation.measured_on.isoformat()} '
        f'by manage.py measure_clients"><data value="{escape(observation.key)}">{escape(observation.outcome)}</data> '
        f'<small class="obs-client">({escape(observation.client_label)} {escape(observation.version)})</small></a>'
    )


def shipped_citations():
    """(content file, page URL, cited keys) for every shipped guide that cites an observation."""
    found = []
    for folder, url in CITING_FOLDERS.items():
        for path in sorted((ROOT / folder).glob("*.md")):
            keys = cited_observations(path.read_text(encoding="utf-8"))
            if keys:
                found.append((f"{folder}/{path.name}", url.format(stem=path.stem), keys))
    return found


def copy_content(tmp_path):
    for part in ("reference/content", "comparisons/content", "wizard/content", "errors/content", "clients/content"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


# What a reader sees ---------------------------------------------------------------------------------


def test_a_citation_shows_the_measured_outcome_with_client_and_version(client):
    html = client.get("/codes/301/").content.decode()
    put = observation("requests/redirect/301/PUT")
    assert put.outcome == "PUT, body dropped"
    assert shown(put) in html
    assert "(Python requests 2.34.2)" in shown(put)


def test_a_citation_links_to_the_cell_of_its_observation_on_the_clients_page(client):
    put = observation("requests/redirect/301/PUT")
    html = client.get("/clients/").content.decode()
    assert f'id="{put.anchor}">{escape(put.outcome)}</td>' in html
    assert html.count(f'id="{put.anchor}"') == 1


def test_the_stored_guide_holds_the_placeholder_not_the_value():
    stored = StatusCode.objects.get(code=301).client_behaviour_html
    assert '<data class="obs" value="requests/redirect/301/PUT">requests/redirect/301/PUT</data>' in stored
    assert "Python requests 2.34.2" not in stored


def test_every_citation_on_a_page_is_filled_in_one_query(django_assert_num_queries):
    html = render_markdown(
        "POST: [[obs:requests/redirect/301/POST]], PUT: [[obs:requests/redirect/301/PUT]], "
        "curl: [[obs:curl/retry-after-seconds/503/GET]], Go: [[obs:go-net-http/redirect/302/PUT]]."
    )
    with django_assert_num_queries(1):
        filled = with_measured_values(html)
    assert not PLACEHOLDER_RE.search(filled)
    assert shown(observation("curl/retry-after-seconds/503/GET")) in filled


def test_text_without_citations_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert with_measured_values("<p>No citation here.</p>") == "<p>No citation here.</p>"


def test_a_placeholder_whose_observation_is_gone_says_so_instead_of_a_value():
    html = with_measured_values(render_markdown("[[obs:requests/redirect/301/PATCH]]"))
    assert "(not measured: <code>requests/redirect/301/PATCH</code>)" in html


@pytest.mark.parametrize("folder_file, url, keys", shipped_citations(), ids=lambda value: str(value))
def test_every_shipped_page_that_cites_shows_the_measured_value_of_each_citation(client, folder_file, url, keys):
    html = client.get(url).content.decode()
    for key in keys:
        assert shown(observation(key)) in html, f"{folder_file} cites {key}"
    assert not PLACEHOLDER_RE.search(html), "a placeholder left unfilled"


def test_the_shipped_content_cites_at_least_six_claims_on_redirect_and_retry_pages():
    files = {folder_file: keys for folder_file, _, keys in shipped_citations()}
    assert sum(len(keys) for keys in files.values()) >= 6
    assert {
        "reference/content/codes/301.md",
        "reference/content/codes/302.md",
        "reference/content/codes/307.md",
        "reference/content/codes/429.md",
        "reference/content/codes/503.md",
        "comparisons/content/comparisons/301-vs-308.md",
    } <= set(files)


def test_the_shipped_content_cites_only_observations_in_the_shipped_file():
    _, measured = parse_observations(OBSERVATIONS.read_text(encoding="utf-8"), str(OBSERVATIONS))
    keys = {"/".join(str(o[name]) for name in ("client", "scenario", "code", "method")) for o in measured}
    unmeasured = {(folder_file, key) for folder_file, _, cited in shipped_citations() for key in cited - keys}
    assert unmeasured == set()


def test_a_citation_in_a_comparison_table_cell_is_filled_too(client):
    html = client.get("/compare/301-vs-308/").content.decode()
    differences = html.split('id="differences"', 1)[1].split("</section>", 1)[0]
    assert shown(observation("go-net-http/redirect/301/PUT")) in differences


# A re-measurement reaches cached pages ----------------------------------------------------------------


def test_a_re_measurement_loaded_from_the_file_changes_the_cached_page(client, tmp_path, settings):
    before = client.get("/codes/301/").content.decode()  # now in the page cache
    assert shown(observation("requests/redirect/301/PUT")) in before
    settings.CONTENT_DIR = copy_content(tmp_path)
    path = tmp_path / "clients" / "content" / "observations.yaml"
    text = path.read_text()
    line = next(
        line
        for line in text.splitlines()
        if line.startswith("- {client: requests, scenario: redirect, code: 301, method: PUT,")
    )
    path.write_text(text.replace(line, line.replace("body_kept: false", "body_kept: true")))
    revision = ContentRevision.current().number
    call_command("load_content", verbosity=0)
    assert ContentRevision.current().number > revision
    after = client.get("/codes/301/").content.decode()
    put = observation("requests/redirect/301/PUT")
    assert put.outcome == "PUT, body kept"
    assert (
        shown(put) in after
        and ">PUT, body dropped</data>" not in after.split('id="client_behaviour"')[1].split("</section>")[0]
    )


def test_a_changed_observation_changes_the_cached_comparison_that_cites_it(client):
    client.get("/compare/301-vs-308/")
    go = observation("go-net-http/redirect/301/PUT")
    go.method_after, go.body_kept = "PUT", True
    go.save()
    assert shown(go) in client.get("/compare/301-vs-308/").content.decode()
    assert ">PUT, body kept</data>" in shown(go)


# Authors are told about a citation of a case nobody measured ---------------------------------------


def test_load_content_refuses_a_citation_of_an_unmeasured_case_naming_file_field_and_key(tmp_path, settings):
    settings.CONTENT_DIR = copy_content(tmp_path)
    guide = tmp_path / "reference/content/codes/301.md"
    guide.write_text(
        guide.read_text().replace("[[obs:requests/redirect/301/PUT]]", "[[obs:requests/redirect/301/PATCH]]")
    )
    stored = StatusCode.objects.get(code=301).client_behaviour
    with pytest.raises(CommandError) as error:
        call_command("load_content", verbosity=0)
    assert (
        "reference/content/codes/301.md: Client behaviour: cites observations that were not measured: "
        "[[obs:requests/redirect/301/PATCH]]"
    ) in str(error.value)
    assert StatusCode.objects.get(code=301).client_behaviour == stored  # all or nothing


def test_load_content_refuses_dropping_an_observation_that_a_guide_cites(tmp_path, settings):
    """Observations load after the guides; the check runs once everything is loaded."""
    settings.CONTENT_DIR = copy_content(tmp_path)
    path = tmp_path / "clients/content/observations.yaml"
    lines = path.read_text().splitlines()
    cited = "- {client: urllib3, scenario: retry-after-seconds, code: 503, method: GET,"
    path.write_text("\n".join(line for line in lines if not line.startswith(cited)) + "\n")
    with pytest.raises(CommandError, match=re.escape("503.md: Client behaviour: cites observations that were not")):
        call_command("load_content", verbosity=0)
    assert Observation.objects.filter(client="urllib3", scenario="retry-after-seconds", code=503).exists()


def test_load_content_refuses_a_citation_in_an_error_guide_too(tmp_path, settings):
    settings.CONTENT_DIR = copy_content(tmp_path)
    guide = sorted((tmp_path / "errors/content/errors").glob("*.md"))[0]
    text = guide.read_text()
    heading = "## How to fix\n\n"
    guide.write_text(text.replace(heading, heading + "curl did [[obs:curl/redirect/999/GET]].\n\n", 1))
    with pytest.raises(CommandError, match=re.escape(f"{guide.name}: How to fix: cite observations as [[obs:")):
        call_command("load_content", verbosity=0)  # 999 is no status code: not a citation at all
    guide.write_text(text.replace(heading, heading + "curl did [[obs:curl/redirect/418/GET]].\n\n", 1))
    with pytest.raises(CommandError, match=re.escape(f"{guide.name}: How to fix: cites observations that were not")):
        call_command("load_content", verbosity=0)


def test_a_malformed_citation_is_refused_with_the_shape_to_write(tmp_path, settings):
    settings.CONTENT_DIR = copy_content(tmp_path)
    guide = tmp_path / "reference/content/codes/307.md"
    guide.write_text(guide.read_text().replace("[[obs:curl/redirect/307/POST]]", "[[obs:curl/redirect/307/post]]"))
    with pytest.raises(CommandError) as error:
        call_command("load_content", verbosity=0)
    assert (
        "307.md: Client behaviour: cite observations as [[obs:client/scenario/code/method]], "
        "e.g. [[obs:curl/redirect/301/POST]]; not a citation: '[[obs:curl/redirect/307/post]]'"
    ) in str(error.value)


def test_the_admin_refuses_a_citation_of_an_unmeasured_case(client):
    call_command("createauthor", "alice", password=PASSWORD)
    client.force_login(User.objects.get(username="alice"))
    code = StatusCode.objects.get(code=418)
    response = client.post(
        f"/admin/reference/statuscode/{code.pk}/change/",
        code_form(code, retry="Measured: [[obs:curl/retry-after-seconds/418/GET]]."),
    )
    assert response.status_code == 200
    assert "Cites observations that were not measured (see /clients/ for the keys): " in response.content.decode()
    assert "[[obs:curl/retry-after-seconds/418/GET]]" in response.content.decode()
    assert "[[obs:" not in StatusCode.objects.get(code=418).retry


@pytest.mark.parametrize(
    "instance",
    [
        lambda: StatusCode.objects.get(code=418),
        lambda: Comparison.objects.get(slug="301-vs-308"),
        lambda: ErrorGuide.objects.order_by("slug").first(),
    ],
    ids=["code", "comparison", "error guide"],
)
def test_every_guide_model_validates_citations(instance):
    obj = instance()
    field = {"StatusCode": "retry", "Comparison": "mistake", "ErrorGuide": "fix"}[type(obj).__name__]
    setattr(obj, field, "Measured: [[obs:curl/redirect/301/PATCH]] and [[obs:curl/redirect/301/POST]].")
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    assert error.value.message_dict[field] == [
        "Cites observations that were not measured (see /clients/ for the keys): [[obs:curl/redirect/301/PATCH]]"
    ]
    setattr(obj, field, "Measured: [[obs:curl/redirect/301/POST]].")
    obj.full_clean()


def test_the_admin_preview_shows_the_measured_value(admin_client):
    response = admin_client.post("/admin/preview-markdown/", {"text": "curl: [[obs:curl/redirect/301/POST]]"})
    assert shown(observation("curl/redirect/301/POST")) in response.json()["html"]


def test_a_citation_in_the_wizard_help_is_filled_too(client):
    question = Question.objects.get(is_start=True)  # the question /wizard/ opens with
    question.help = "For instance [[obs:requests/redirect/301/PUT]]."
    question.full_clean()
    question.save()
    assert shown(observation("requests/redirect/301/PUT")) in client.get("/wizard/").content.decode()
