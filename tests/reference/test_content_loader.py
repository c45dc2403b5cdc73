"""load_content / export_content: validation, idempotency, all-or-nothing, round trip."""

import filecmp
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from reference.models import StatusCode
from tests.factories import code_file

pytestmark = pytest.mark.django_db

CODES_DIR = Path("reference/content/codes")


@pytest.fixture
def content_dir(tmp_path, settings):
    settings.CONTENT_DIR = tmp_path
    (tmp_path / CODES_DIR).mkdir(parents=True)
    return tmp_path / CODES_DIR


def load(capsys=None):
    call_command("load_content")
    return capsys.readouterr().out if capsys else None


def test_new_file_is_created_with_rendered_html_and_faq(content_dir, capsys):
    (content_dir / "299.md").write_text(code_file(code=299, reason="Test Only", related="[301]"))
    out = load(capsys)
    assert "status codes: 1 created, 0 updated, 0 unchanged" in out
    row = StatusCode.objects.get(code=299)
    assert row.reason == "Test Only"
    assert '<a href="/codes/302/">302</a>' in row.when_to_use_html
    assert [entry.question for entry in row.faq.all()] == ["Is it cached?"]
    assert [code.code for code in row.related.all()] == [301]
    assert row.redirect_permanent is True and row.redirect_method == "may-change-to-get"


def test_loading_twice_changes_nothing(content_dir, capsys):
    (content_dir / "299.md").write_text(code_file(code=299, reason="Test Only"))
    load(capsys)
    first = StatusCode.objects.get(code=299).updated_at
    out = load(capsys)
    assert "0 created, 0 updated, 1 unchanged" in out
    assert StatusCode.objects.get(code=299).updated_at == first


def test_an_edited_file_updates_the_row(content_dir, capsys):
    (content_dir / "299.md").write_text(code_file(code=299, reason="Test Only"))
    load(capsys)
    (content_dir / "299.md").write_text(code_file(code=299, reason="Renamed", faq=(("New?", "Yes."),)))
    out = load(capsys)
    assert "updated: reference/content/codes/299.md" in out
    row = StatusCode.objects.get(code=299)
    assert row.reason == "Renamed"
    assert [e.question for e in row.faq.all()] == ["New?"]


@pytest.mark.parametrize(
    "text, field",
    [
        (code_file(code=299).replace("code: 299", "code: 700"), "code"),
        (code_file(code=299).replace("standing: standard", "standing: popular"), "standing"),
        (code_file(code=299, standing="non-standard"), "origin"),
        (code_file(code=299).replace("method: may-change-to-get", "method: sideways"), "redirect.method"),
        (code_file(code=299).replace("headers: [Location]", "headers: [Bad Header]"), "headers"),
        (code_file(code=299).replace("url: https://", "url: ftp://"), "spec.url"),
        (code_file(code=299).replace("summary: The", "summary: [unclosed"), "front matter"),
        (code_file(code=299, sections={"Definition": "only this"}), "Plain-language summary"),
        (code_file(code=299) + "\n## Trivia\n\nNot a section.\n", "Trivia"),
        (
            code_file(code=299).replace("heuristically_cacheable: true", "heuristically_cacheable: maybe"),
            "heuristically_cacheable",
        ),
        (code_file(code=299, related="[299, 999]"), "related"),
        (code_file(code=299).replace("The page moved for good.", "See [[598]]."), "Plain-language summary"),
        (code_file(code=299).replace("standing:", "former_reasons: Old Name\nstanding:"), "former_reasons"),
        (code_file(code=299).replace("standing:", "former_reasons: [Old, '']\nstanding:"), "former_reasons"),
        (code_file(code=299).replace("standing:", "client_saw: a 400 page\nstanding:"), "client_saw"),
    ],
)
def test_a_bad_file_names_file_and_field_and_writes_nothing(content_dir, text, field):
    (content_dir / "298.md").write_text(code_file(code=298, reason="Fine File"))
    (content_dir / "299.md").write_text(text)
    with pytest.raises(CommandError) as error:
        call_command("load_content")
    message = str(error.value)
    assert "reference/content/codes/299.md" in message
    assert f": {field}:" in message
    assert not StatusCode.objects.filter(code__in=[298, 299]).exists()


def test_file_name_must_match_code(content_dir):
    (content_dir / "297.md").write_text(code_file(code=299))
    with pytest.raises(CommandError, match="297.md: code: 299 does not match the file name"):
        call_command("load_content")


def test_export_writes_back_what_load_read(content_dir, tmp_path):
    original = code_file(
        code=299,
        reason="Round Trip",
        related="[301, 308]",
        faq=(("One?", "First answer."), ("Two?", "Second, with [[301]].")),
    )
    (content_dir / "299.md").write_text(original)
    call_command("load_content")
    out_dir = tmp_path / "out"
    call_command("export_content", to=str(out_dir))
    exported = (out_dir / CODES_DIR / "299.md").read_text()
    # Load the exported text again: nothing changes.
    (content_dir / "299.md").write_text(exported)
    row_before = StatusCode.objects.get(code=299).updated_at
    call_command("load_content")
    assert StatusCode.objects.get(code=299).updated_at == row_before
    assert "reason: Round Trip" in exported and "### Two?" in exported


def test_former_reasons_and_client_saw_round_trip_in_their_place(content_dir, tmp_path):
    original = (
        code_file(
            code=299,
            reason="New Name",
            standing="non-standard",
            origin="nginx",
        )
        .replace("reason: New Name\n", "reason: New Name\nformer_reasons: [Old Name, Older Name]\n")
        .replace("origin: nginx\n", "origin: nginx\nclient_saw: 400 Bad Request instead.\n")
    )
    (content_dir / "299.md").write_text(original)
    call_command("load_content")
    row = StatusCode.objects.get(code=299)
    assert row.former_reasons == ["Old Name", "Older Name"]
    assert row.client_saw == "400 Bad Request instead." and row.is_log_only
    call_command("export_content", to=str(tmp_path / "out"))
    assert (tmp_path / "out" / CODES_DIR / "299.md").read_text() == original


def test_codes_without_the_optional_keys_export_without_them(content_dir, tmp_path):
    (content_dir / "299.md").write_text(code_file(code=299, reason="Plain"))
    call_command("load_content")
    call_command("export_content", to=str(tmp_path / "out"))
    exported = (tmp_path / "out" / CODES_DIR / "299.md").read_text()
    assert "former_reasons" not in exported and "client_saw" not in exported


def test_shipped_content_round_trips_byte_for_byte(tmp_path):
    """The test database holds the shipped files; exporting it reproduces them exactly."""
    call_command("export_content", to=str(tmp_path))
    for folder in ("reference/content/codes", "comparisons/content/comparisons", "wizard/content"):
        shipped = Path(settings.BASE_DIR) / folder
        names = sorted(p.name for p in shipped.glob("*.md")) + sorted(p.name for p in shipped.glob("*.yaml"))
        assert names, f"no shipped files in {folder}"
        match, mismatch, errors = filecmp.cmpfiles(shipped, tmp_path / folder, names, shallow=False)
        assert mismatch == [] and errors == [], f"export differs for {mismatch or errors}"
