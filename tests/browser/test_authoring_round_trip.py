"""A real browser edits a code in the admin; the exported file differs from the shipped one in that field only."""

import difflib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reference.models import StatusCode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-author-password-77"
CODE_FILE = Path("reference/content/codes/301.md")
NEW_RETRY = "Follow the Location once.\n\nA client that loops on 301s should stop after a few hops."


def log_in(page):
    call_command("createauthor", "dora", password=PASSWORD)
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "dora")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_browser_edit_exports_byte_identical_except_the_edited_field(page, tmp_path):
    log_in(page)
    code = StatusCode.objects.get(code=301)
    old_retry = code.retry
    page.goto(f"/admin/reference/statuscode/{code.pk}/change/")
    # The browser submits textareas with CRLF line breaks, as HTML requires; typing adds more.
    page.fill("#id_retry", NEW_RETRY)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    saved = StatusCode.objects.get(pk=code.pk)
    assert saved.retry == NEW_RETRY
    record = saved.history.latest("history_date")
    assert [change.field for change in record.diff_against(record.prev_record).changes] == ["retry"]

    call_command("export_content", to=str(tmp_path))
    shipped = (Path(settings.BASE_DIR) / CODE_FILE).read_bytes()
    exported = (tmp_path / CODE_FILE).read_bytes()
    assert b"\r" not in exported
    assert exported.replace(NEW_RETRY.encode(), old_retry.encode()) == shipped
    changed = [
        line
        for line in difflib.ndiff(shipped.decode().splitlines(), exported.decode().splitlines())
        if line[:1] in "+-"
    ]
    assert all(line[2:] in old_retry or line[2:] in NEW_RETRY for line in changed)


def test_browser_restore_brings_back_the_exact_bytes(page):
    log_in(page)
    code = StatusCode.objects.get(code=301)
    original = code.retry
    page.goto(f"/admin/reference/statuscode/{code.pk}/change/")
    page.fill("#id_retry", "A wrong edit.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    page.goto(f"/admin/reference/statuscode/{code.pk}/history/")
    page.click("#change-history tbody tr:last-child a")  # the version load_content wrote
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert "Reverted to the version of" in page.text_content(".messagelist")
    assert StatusCode.objects.get(pk=code.pk).retry == original
