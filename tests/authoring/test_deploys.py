"""Deploys cannot destroy admin edits: load_content refuses, content_status tells which side changed."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reference.management.commands.load_content import content_loaders
from reference.models import StatusCode

pytestmark = pytest.mark.django_db

CODE_FILE = Path("reference/content/codes/301.md")


@pytest.fixture
def project(tmp_path, settings):
    """A copy of the shipped content files, as a deploy would have them, loaded into the database."""
    for loader in content_loaders():
        shutil.copytree(Path(settings.BASE_DIR) / loader.directory, tmp_path / loader.directory)
    settings.CONTENT_DIR = tmp_path
    call_command("load_content", verbosity=0)
    return tmp_path


def status(capsys, *args):
    capsys.readouterr()
    call_command("content_status", *args)
    return capsys.readouterr().out


def edit_in_admin(code, **values):
    row = StatusCode.objects.get(code=code)
    for name, value in values.items():
        setattr(row, name, value)
    row.save()


def test_status_is_clean_after_a_load(project, capsys):
    assert status(capsys) == "The database and the files agree.\n"


def test_load_refuses_to_overwrite_an_admin_edit_and_shows_the_row_and_diff(project, capsys):
    edit_in_admin(301, summary="Edited in the admin, not yet exported.")
    with pytest.raises(CommandError) as refusal:
        call_command("load_content")
    message = str(refusal.value)
    assert "reference/content/codes/301.md: changed in the admin" in message
    assert "+summary: Edited in the admin, not yet exported." in message
    assert "--force" in message
    assert StatusCode.objects.get(code=301).summary == "Edited in the admin, not yet exported."


def test_force_overwrites_the_admin_edit_with_the_file(project, capsys):
    edit_in_admin(301, summary="Edited in the admin, not yet exported.")
    call_command("load_content", force=True)
    assert "overwriting admin edits (--force): reference/content/codes/301.md" in capsys.readouterr().out
    assert StatusCode.objects.get(code=301).summary.startswith("The resource has a new permanent URL")
    assert status(capsys) == "The database and the files agree.\n"


def test_an_exported_admin_edit_loads_cleanly(project, capsys):
    edit_in_admin(301, summary="Edited, then exported.")
    call_command("export_content")
    assert status(capsys) == "The database and the files agree.\n"
    call_command("load_content")
    assert "0 created, 0 updated, 86 unchanged" in capsys.readouterr().out


def test_file_edits_load_over_rows_nobody_touched(project, capsys):
    path = project / CODE_FILE
    path.write_text(path.read_text().replace("heuristically_cacheable: true", "heuristically_cacheable: false"))
    assert "changed in the files: reference/content/codes/301.md" in status(capsys)
    call_command("load_content")
    assert StatusCode.objects.get(code=301).heuristically_cacheable is False


def test_status_names_each_direction(project, capsys):
    edit_in_admin(308, reason="Permanent Redirect (edited)")
    path = project / CODE_FILE
    path.write_text(path.read_text().replace("heuristically_cacheable: true", "heuristically_cacheable: false"))
    edit_in_admin(410, reason="Gone (edited)")
    (project / "reference/content/codes/410.md").write_text(
        (project / "reference/content/codes/410.md").read_text().replace("body_allowed: true", "body_allowed: false")
    )
    (project / "reference/content/codes/418.md").unlink()
    out = status(capsys, "--diff")
    assert "  changed in the admin: reference/content/codes/308.md" in out
    assert "  changed in the files: reference/content/codes/301.md" in out
    assert "  changed in the admin and in the files: reference/content/codes/410.md" in out
    assert "  deleted from the files (the row stays until deleted in the admin): reference/content/codes/418.md" in out
    assert "+reason: Permanent Redirect (edited)" in out
    assert "4 differ between the database and the files." in out


def test_formatting_alone_is_not_a_difference(project, capsys):
    path = project / CODE_FILE
    path.write_text(path.read_text().replace("\n## When to use\n", "\n\n\n## When to use\n"))
    assert status(capsys) == "The database and the files agree.\n"


def test_export_elsewhere_does_not_count_as_synced(project, tmp_path, capsys):
    edit_in_admin(301, summary="Edited; exported only to look at it.")
    call_command("export_content", to=str(tmp_path / "elsewhere"))
    with pytest.raises(CommandError, match="changed in the admin"):
        call_command("load_content")


def test_a_row_deleted_in_the_admin_is_not_brought_back_without_force(project, capsys):
    StatusCode.objects.get(code=418).delete()
    assert "  deleted in the admin (loading brings it back): reference/content/codes/418.md" in status(capsys)
    with pytest.raises(CommandError, match="418.md: deleted in the admin"):
        call_command("load_content")
    call_command("load_content", force=True)
    assert StatusCode.objects.filter(code=418).exists()


def test_a_file_deleted_in_git_is_reported_not_applied(project, capsys):
    (project / "reference/content/codes/418.md").unlink()
    assert (
        "  deleted from the files (the row stays until deleted in the admin): reference/content/codes/418.md"
        in status(capsys)
    )
    call_command("load_content")
    assert StatusCode.objects.filter(code=418).exists()
