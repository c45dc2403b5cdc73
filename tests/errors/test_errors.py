"""Errors without a status: content files, loader, round trip, pages, API, drafts and sanitizing."""

import filecmp
import json
import re
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape

from errors.models import SECTIONS, ErrorGuide

pytestmark = pytest.mark.django_db

GUIDES_DIR = Path("errors/content/errors")

# Issue 17, item 3: the guides the section must have, by the name people search for.
REQUIRED_GUIDES = [
    "ERR_TOO_MANY_REDIRECTS",
    "ERR_CONNECTION_REFUSED",
    "ERR_CONNECTION_RESET",
    "ERR_CONNECTION_TIMED_OUT",
    "ERR_EMPTY_RESPONSE",
    "ERR_NAME_NOT_RESOLVED",
    "ERR_CERT_COMMON_NAME_INVALID",
    "ERR_CERT_AUTHORITY_INVALID",
    "ERR_CERT_DATE_INVALID",
    "ERR_SSL_PROTOCOL_ERROR",
    "ERR_HTTP2_PROTOCOL_ERROR",
    "ERR_CACHE_MISS",
    "CORS: No 'Access-Control-Allow-Origin' header is present",
    "Mixed Content: the page was loaded over HTTPS, but requested an insecure resource",
    "curl: (52) Empty reply from server",
    "curl: (56) Recv failure: Connection reset by peer",
]


def guide_file(name="ERR_TEST_ONLY", category="network", codes="[502]", extra_front="", sections=None, faq=True):
    sections = (
        sections
        if sections is not None
        else {
            "What happened on the wire": "The server sent a RST.",
            "Status codes involved": "A proxy answers [[502]].",
            "How to diagnose": "`curl -v` exits with 56.",
            "How to fix": "Keep the worker alive.",
        }
    )
    front = (
        textwrap.dedent(f"""\
        ---
        name: {name}
        category: {category}
        summary: A test guide.
        codes: {codes}
        """)
        + extra_front
        + "---\n"
    )
    body = "".join(f"\n## {heading}\n\n{text}\n" for heading, text in sections.items())
    if faq:
        body += "\n## FAQ\n\n### Is this a test?\n\nYes, with [[502]].\n"
    return front + body


@pytest.fixture
def guides_dir(tmp_path, settings):
    """An empty content tree: the codes stay in the database, only these guide files are loaded."""
    settings.CONTENT_DIR = tmp_path
    (tmp_path / GUIDES_DIR).mkdir(parents=True)
    return tmp_path / GUIDES_DIR


# The shipped guides ---------------------------------------------------------------------------


def test_every_required_guide_is_shipped_and_published():
    published = set(ErrorGuide.objects.published().values_list("name", flat=True))
    missing = [name for name in REQUIRED_GUIDES if name not in published]
    assert missing == []


def test_every_shipped_guide_has_all_sections_and_cites_its_sources():
    for guide in ErrorGuide.objects.published():
        for name, heading in SECTIONS:
            assert getattr(guide, f"{name}_html").strip(), f"{guide.slug}: empty {heading}"
        html = " ".join(getattr(guide, f"{name}_html") for name, _ in SECTIONS)
        assert 'href="https://' in html, f"{guide.slug} links no source"


def test_shipped_guides_name_the_curl_exit_codes_they_map_to():
    expected = {
        "err-name-not-resolved": "6",
        "err-connection-refused": "7",
        "err-connection-timed-out": "28",
        "err-ssl-protocol-error": "35",
        "curl-52-empty-reply": "52",
        "err-empty-response": "52",
        "err-connection-reset": "56",
        "curl-56-recv-failure": "56",
        "err-cert-authority-invalid": "60",
        "err-cert-common-name-invalid": "60",
        "err-cert-date-invalid": "60",
    }
    for slug, exit_code in expected.items():
        guide = ErrorGuide.objects.get(slug=slug)
        text = " ".join(getattr(guide, name) for name, _ in SECTIONS)
        assert re.search(rf"(exit code|exits with) {exit_code}\b", text), slug


def test_shipped_guides_round_trip_byte_for_byte(tmp_path):
    call_command("export_content", to=str(tmp_path))
    shipped = Path(settings.BASE_DIR) / GUIDES_DIR
    names = sorted(path.name for path in shipped.glob("*.md"))
    assert len(names) >= len(REQUIRED_GUIDES)
    match, mismatch, errors = filecmp.cmpfiles(shipped, tmp_path / GUIDES_DIR, names, shallow=False)
    assert mismatch == [] and errors == [], f"export differs for {mismatch or errors}"


# Loader ----------------------------------------------------------------------------------------


def test_a_new_file_is_loaded_with_rendered_html_faq_and_codes(guides_dir, capsys):
    (guides_dir / "err-test-only.md").write_text(guide_file())
    call_command("load_content")
    assert "error guides: 1 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    guide = ErrorGuide.objects.get(slug="err-test-only")
    assert guide.name == "ERR_TEST_ONLY" and guide.category == "network"
    assert '<a href="/codes/502/">502</a>' in guide.status_codes_html
    assert [code.code for code in guide.codes.all()] == [502]
    assert [entry.question for entry in guide.faq.all()] == ["Is this a test?"]


def test_loading_twice_changes_nothing(guides_dir, capsys):
    (guides_dir / "err-test-only.md").write_text(guide_file())
    call_command("load_content")
    first = ErrorGuide.objects.get(slug="err-test-only").updated_at
    capsys.readouterr()
    call_command("load_content")
    assert "error guides: 0 created, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert ErrorGuide.objects.get(slug="err-test-only").updated_at == first


def test_an_edited_file_updates_the_row_and_its_codes(guides_dir):
    (guides_dir / "err-test-only.md").write_text(guide_file())
    call_command("load_content")
    (guides_dir / "err-test-only.md").write_text(guide_file(name="ERR_RENAMED", codes="[502, 504]", faq=False))
    call_command("load_content")
    guide = ErrorGuide.objects.get(slug="err-test-only")
    assert guide.name == "ERR_RENAMED"
    assert sorted(code.code for code in guide.codes.all()) == [502, 504]
    assert guide.faq.count() == 0


@pytest.mark.parametrize(
    "file_name, text, field",
    [
        ("err-test-only.md", guide_file(category="weather"), "category"),
        ("err-test-only.md", guide_file(codes="[502, 999]"), "codes"),
        ("err-test-only.md", guide_file(codes="[504, 502]"), "codes"),
        ("err-test-only.md", guide_file(codes="502"), "codes"),
        ("err-test-only.md", guide_file(extra_front="severity: high\n"), "severity"),
        ("err-test-only.md", guide_file().replace("name: ERR_TEST_ONLY\n", ""), "name"),
        ("err-test-only.md", guide_file().replace("summary: A test guide.", "summary: " + "x" * 301), "summary"),
        ("err-test-only.md", guide_file().replace("summary: A test guide.", "summary: [unclosed"), "front matter"),
        ("err-test-only.md", guide_file(sections={"What happened on the wire": "Only this."}), "Status codes involved"),
        ("err-test-only.md", guide_file() + "\n## Trivia\n\nNot a section.\n", "Trivia"),
        ("err-test-only.md", guide_file().replace("A proxy answers [[502]].", "See [[598]]."), "body"),
        ("ERR_Test_Only.md", guide_file(), "file name"),
    ],
)
def test_a_bad_file_names_file_and_field_and_nothing_is_written(guides_dir, file_name, text, field):
    (guides_dir / "err-fine.md").write_text(guide_file(name="ERR_FINE"))
    (guides_dir / file_name).write_text(text)
    with pytest.raises(CommandError) as error:
        call_command("load_content")
    message = str(error.value)
    assert f"errors/content/errors/{file_name}: {field}:" in message
    assert not ErrorGuide.objects.filter(slug__in=["err-fine", "err-test-only"]).exists()


def test_a_draft_exports_its_flag_and_reloads_unchanged(guides_dir, tmp_path):
    (guides_dir / "err-test-only.md").write_text(guide_file(extra_front="published: false\n"))
    call_command("load_content")
    assert ErrorGuide.objects.get(slug="err-test-only").published is False
    out = tmp_path / "out"
    call_command("export_content", to=str(out))
    exported = (out / GUIDES_DIR / "err-test-only.md").read_text()
    assert "published: false" in exported
    (guides_dir / "err-test-only.md").write_text(exported)
    before = ErrorGuide.objects.get(slug="err-test-only").updated_at
    call_command("load_content")
    assert ErrorGuide.objects.get(slug="err-test-only").updated_at == before


# Pages -----------------------------------------------------------------------------------------


def make_guide(slug="err-test-only", published=True, **fields):
    values = {name: f"{name} of {slug}" for name, _ in SECTIONS}
    values.update(name=slug.upper().replace("-", "_"), category="network", summary=f"Summary of {slug}.")
    values.update(fields)
    return ErrorGuide.objects.create(slug=slug, published=published, **values)


def test_index_lists_every_published_guide_under_its_category(client):
    html = client.get("/errors/").content.decode()
    for guide in ErrorGuide.objects.published():
        assert f'href="{guide.get_absolute_url()}"' in html
    for label in (
        "Browser network errors",
        "TLS and certificates",
        "DNS",
        "Browser security policies",
        "Client libraries (curl)",
    ):
        assert f">{label}</h2>" in html
    assert (
        html.index("ERR_CONNECTION_REFUSED") < html.index("TLS and certificates") < html.index("ERR_CERT_DATE_INVALID")
    )


def test_guide_page_shows_every_section_the_faq_and_the_codes_involved(client):
    guide = ErrorGuide.objects.get(slug="err-too-many-redirects")
    response = client.get("/errors/err-too-many-redirects/")
    assert response.status_code == 200
    html = response.content.decode()
    for name, heading, section_html in guide.sections():
        assert f'id="{name}"' in html and heading in html and section_html in html
    for entry in guide.faq.all():
        assert escape(entry.question) in html
    assert 'href="/codes/301/">301 Moved Permanently</a>' in html
    assert "<title>ERR_TOO_MANY_REDIRECTS · Status Codes Reference</title>" in html


@pytest.mark.parametrize(
    "path", ["/errors/err-no-such-error/", "/errors/%E2%91%A0/", "/api/errors/err-no-such-error/", "/errors/err too/"]
)
def test_unknown_guides_are_404(client, path):
    assert client.get(path).status_code == 404


def test_the_error_name_redirects_permanently_to_the_slug(client):
    response = client.get("/errors/ERR_CACHE_MISS/")
    assert response.status_code == 301 and response["Location"] == "/errors/err-cache-miss/"
    response = client.get("/api/errors/ERR_CACHE_MISS/")
    assert response.status_code == 301 and response["Location"] == "/api/errors/err-cache-miss/"


def test_a_draft_is_hidden_everywhere_but_in_the_staff_preview(client):
    draft = make_guide(published=False)
    assert client.get("/errors/err-test-only/").status_code == 404
    assert client.get("/api/errors/err-test-only/").status_code == 404
    assert "err-test-only" not in client.get("/errors/").content.decode()
    assert "err-test-only" not in client.get("/api/errors/").content.decode()
    assert "/errors/err-test-only/" not in client.get("/sitemap.xml").content.decode()
    staff = User.objects.create_user("editor", password="x-long-password-1", is_staff=True)
    client.force_login(staff)
    response = client.get(draft.get_preview_url())
    assert response.status_code == 200 and "This is a draft" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_saving_a_guide_invalidates_its_cached_page(client):
    guide = ErrorGuide.objects.get(slug="err-name-not-resolved")
    assert "Freshly edited" not in client.get(guide.get_absolute_url()).content.decode()
    guide.fix = "Freshly edited advice."
    guide.save()
    assert "Freshly edited advice." in client.get(guide.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_markdown_with_script_is_neutralized_on_the_page(client, payload):
    make_guide(wire=f"Before {payload} after.")
    html = client.get("/errors/err-test-only/").content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    assert "<script" not in article and "javascript:" not in article and "onerror" not in article
    assert "Before" in article and "after." in article


def test_sitemap_lists_the_index_and_every_published_guide(client):
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.find("s:loc", ns).text for u in tree.findall("s:url", ns)}
    assert "http://testserver/errors/" in urls
    for guide in ErrorGuide.objects.published():
        assert f"http://testserver{guide.get_absolute_url()}" in urls


def test_site_nav_links_the_errors_section(client):
    html = client.get("/errors/").content.decode()
    assert '<a href="/errors/" aria-current="page">Errors</a>' in html
    assert '<a href="/errors/">Errors</a>' in client.get("/codes/").content.decode()


# API and OpenAPI ----------------------------------------------------------------------------------


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").json()


def check(spec, path, data, status="200"):
    schema = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    jsonschema.validate(data, {**schema, "components": spec["components"]})


def test_api_list_matches_its_schema_and_lists_only_published_guides(client, spec):
    make_guide(published=False)
    data = client.get("/api/errors/").json()
    check(spec, "/api/errors/", data)
    assert data["count"] == ErrorGuide.objects.published().count() == len(data["errors"])
    assert "err-test-only" not in {guide["slug"] for guide in data["errors"]}


def test_api_detail_matches_its_schema_and_carries_sanitized_sections(client, spec):
    data = client.get("/api/errors/err-connection-refused/").json()
    check(spec, "/api/errors/{slug}/", data)
    guide = ErrorGuide.objects.get(slug="err-connection-refused")
    assert data["name"] == "ERR_CONNECTION_REFUSED" and data["url"] == "/errors/err-connection-refused/"
    assert data["sections"] == {name: getattr(guide, f"{name}_html") for name, _ in SECTIONS}
    assert data["codes"] == [502, 521]
    assert data["faq"][0]["question"] == guide.faq.first().question


def test_api_404_matches_the_error_schema(client, spec):
    response = client.get("/api/errors/err-no-such-error/")
    assert response.status_code == 404
    check(spec, "/api/errors/{slug}/", response.json(), status="404")


def test_openapi_describes_the_errors_endpoints(spec):
    assert {"/api/errors/", "/api/errors/{slug}/"} <= set(spec["paths"])
    assert set(spec["components"]["schemas"]["ErrorGuide"]["properties"]["category"]["enum"]) == set(
        ErrorGuide.Category.values
    )


# Authoring -------------------------------------------------------------------------------------------


def test_content_authors_may_add_change_and_view_guides():
    codenames = set(Group.objects.get(name="Content authors").permissions.values_list("codename", flat=True))
    for model in ("errorguide", "errorguidefaqentry"):
        assert {f"add_{model}", f"change_{model}", f"view_{model}"} <= codenames
        assert f"delete_{model}" not in codenames


def test_admin_edit_is_recorded_in_history(client):
    admin = User.objects.create_superuser("root", password="x-long-password-2")
    client.force_login(admin)
    guide = ErrorGuide.objects.get(slug="mixed-content")
    response = client.get(f"/admin/errors/errorguide/{guide.pk}/change/")
    assert response.status_code == 200
    guide.summary = "Changed by a test."
    guide.save()
    assert guide.history.first().summary == "Changed by a test."
    assert client.get(f"/admin/errors/errorguide/{guide.pk}/history/").status_code == 200


def test_unknown_code_links_are_refused_by_model_validation():
    from django.core.exceptions import ValidationError

    guide = make_guide(wire="See [[598]].")
    with pytest.raises(ValidationError) as error:
        guide.full_clean()
    assert "wire" in error.value.message_dict


def test_json_is_valid_for_every_shipped_guide(client):
    for guide in ErrorGuide.objects.published():
        assert json.loads(client.get(f"/api/errors/{guide.slug}/").content)["slug"] == guide.slug


@pytest.mark.parametrize("path", ["/errors/", "/errors/cors-missing-allow-origin/"])
def test_errors_pages_keep_the_strict_csp_without_inline_script_or_style(client, path):
    response = client.get(path)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/ld+json"' in tag, tag
    assert "<style" not in html and " style=" not in html


# Search hooks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, slug",
    [
        ("ERR_CACHE_MISS", "err-cache-miss"),
        ("err-cache-miss", "err-cache-miss"),
        ("Err_Too_Many_Redirects", "err-too-many-redirects"),
    ],
)
def test_a_query_that_names_a_guide_finds_exactly_it(query, slug):
    assert [guide.slug for guide in ErrorGuide.objects.published().named(query)] == [slug]


@pytest.mark.parametrize(
    "query, slug",
    [
        ("curl 52", "curl-52-empty-reply"),
        ("Recv failure", "curl-56-recv-failure"),
        ("err connection refused", "err-connection-refused"),
        ("Access-Control-Allow-Origin", "cors-missing-allow-origin"),
        ("confirm form resubmission", "err-cache-miss"),
        ("mixed content", "mixed-content"),
    ],
)
def test_words_from_the_error_message_find_its_guide(query, slug):
    assert slug in {guide.slug for guide in ErrorGuide.objects.published().matching(query)}


@pytest.mark.parametrize("query", ["", "   ", "①②", "²", "<>&\"'", "x" * 5000])
def test_empty_unicode_or_oversized_queries_find_nothing(query):
    assert list(ErrorGuide.objects.published().matching(query)) == []
    assert list(ErrorGuide.objects.published().named(query)) == []
