"""Admin edits survive the round trip to files byte for byte: LF only, only real changes in history."""

import difflib
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from reference.models import GUIDE_SECTIONS, StatusCode
from tests.authoring.test_authoring import PASSWORD, code_form

pytestmark = pytest.mark.django_db

CODE_FILE = Path("reference/content/codes/301.md")


@pytest.fixture
def author(client):
    call_command("createauthor", "alice", password=PASSWORD)
    user = User.objects.get(username="alice")
    client.force_login(user)
    return user


def as_browser_sends(data):
    """What a browser submits: every newline in a form value as CRLF (HTML form encoding)."""
    return {key: value.replace("\n", "\r\n") if isinstance(value, str) else value for key, value in data.items()}


def change_url(code):
    return f"/admin/reference/statuscode/{code.pk}/change/"


def test_a_browser_style_crlf_post_stores_lf_and_records_only_the_edited_field(client, author):
    code = StatusCode.objects.get(code=301)
    response = client.post(change_url(code), as_browser_sends(code_form(code, retry="Follow it.\nOnce.")))
    assert response.status_code == 302
    saved = StatusCode.objects.get(pk=code.pk)
    assert all("\r" not in getattr(saved, name) for name, _ in GUIDE_SECTIONS)
    assert saved.retry == "Follow it.\nOnce."
    record = saved.history.latest("history_date")
    assert [change.field for change in record.diff_against(record.prev_record).changes] == ["retry"]


def test_saving_an_untouched_form_writes_no_history_version(client, author):
    code = StatusCode.objects.get(code=301)
    versions = code.history.count()
    assert client.post(change_url(code), as_browser_sends(code_form(code))).status_code == 302
    assert code.history.count() == versions


def test_admin_edit_then_export_changes_only_that_field_in_the_file_and_load_finds_nothing_to_do(
    client, author, tmp_path, settings, capsys
):
    shipped = (Path(settings.BASE_DIR) / CODE_FILE).read_text(encoding="utf-8")
    code = StatusCode.objects.get(code=301)
    client.post(change_url(code), as_browser_sends(code_form(code, retry="Follow the new URL.\n\nThen stop.")))
    settings.CONTENT_DIR = tmp_path
    call_command("export_content")
    exported = (tmp_path / CODE_FILE).read_text(encoding="utf-8")
    assert "\r" not in exported
    changed = [line for line in difflib.ndiff(shipped.splitlines(), exported.splitlines()) if line[:1] in "+-"]
    old_retry = [f"- {line}" for line in code.retry.splitlines()]
    assert sorted(changed) == sorted(old_retry + ["+ Follow the new URL.", "+ ", "+ Then stop."])
    capsys.readouterr()
    call_command("load_content")
    assert "status codes: 0 created, 0 updated, 86 unchanged" in capsys.readouterr().out


def test_restore_brings_back_the_exact_earlier_value_and_says_so(client, author):
    code = StatusCode.objects.get(code=301)
    original = code.client_behaviour
    client.post(change_url(code), as_browser_sends(code_form(code, client_behaviour="Wrong text.")))
    earlier = code.history.exclude(history_user=author).latest("history_date")
    restore_url = f"/admin/reference/statuscode/{code.pk}/history/{earlier.history_id}/"
    form_page = client.get(restore_url)
    assert form_page.status_code == 200
    # The browser submits the old version's values, as the restore form shows them, with CRLF.
    response = client.post(
        restore_url,
        as_browser_sends(code_form(StatusCode.objects.get(pk=code.pk), client_behaviour=original)),
        follow=True,
    )
    assert StatusCode.objects.get(pk=code.pk).client_behaviour == original
    expected = f"Reverted to the version of {earlier.history_date:%Y-%m-%d %H:%M} UTC by load_content"
    assert expected in response.content.decode()
    latest = code.history.latest("history_date")
    assert latest.history_change_reason == expected
    assert expected in client.get(f"/admin/reference/statuscode/{code.pk}/history/").content.decode()


def test_history_lists_changed_words_not_whole_fields(client, author):
    code = StatusCode.objects.get(code=301)
    client.post(change_url(code), code_form(code, reason="Moved For Good"))
    html = client.get(f"/admin/reference/statuscode/{code.pk}/history/").content.decode()
    assert (
        '<del>Moved <mark class="word-del">Permanently</mark></del> → <ins>Moved <mark class="word-ins">For Good</mark></ins>'
        in html
    )


def test_headers_are_edited_as_a_list_of_names(client, author):
    code = StatusCode.objects.get(code=503)
    html = client.get(change_url(code)).content.decode()
    assert 'name="headers" value="Retry-After"' in html
    client.post(change_url(code), code_form(code, headers="Retry-After, Cache-Control"))
    assert StatusCode.objects.get(pk=code.pk).headers == ["Retry-After", "Cache-Control"]
    response = client.post(change_url(code), code_form(code, headers="Retry After"))
    assert "Not header field names: &#x27;Retry After&#x27;" in response.content.decode()


def test_text_boxes_are_sized_to_their_content(client, author):
    code = StatusCode.objects.get(code=301)
    html = client.get(change_url(code)).content.decode()
    # The one-sentence summary (up to 300 characters) is a wrapping box showing all of it.
    assert '<textarea name="summary" cols="40" rows="3" class="vLargeTextField sized-text"' in html
    rows = int(html.split('name="how_to_send"', 1)[1].split('rows="', 1)[1].split('"', 1)[0])
    assert rows >= code.how_to_send.count("\n") + 1


def test_recent_edits_come_before_the_app_list(client, author):
    code = StatusCode.objects.get(code=301)
    client.post(change_url(code), code_form(code, reason="Moved For Good"))
    html = client.get("/admin/").content.decode()
    assert "Recently edited content" in html
    assert html.index("Recently edited content") < html.index(
        'id="app-list"' if 'id="app-list"' in html else "app-reference"
    )
