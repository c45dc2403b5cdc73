"""Reviewable publishing: a draft revision of a published page, invisible until an editor publishes it."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from authoring.models import DraftRevision
from reference.models import StatusCode
from tests.authoring.test_authoring import PASSWORD, code_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    call_command("createauthor", "alice", password=PASSWORD)
    client = Client()
    client.force_login(User.objects.get(username="alice"))
    return client


@pytest.fixture
def editor():
    call_command("createauthor", "erin", password=PASSWORD, editor=True)
    client = Client()
    client.force_login(User.objects.get(username="erin"))
    return client


def change_url(code):
    return f"/admin/reference/statuscode/{code.pk}/change/"


def save_draft(client, code, url=None, **changes):
    return client.post(url or change_url(code), {**code_form(code, **changes), "_save_draft": "Save as draft revision"})


def test_published_page_stays_unchanged_while_its_draft_is_edited_and_changes_when_published(author, editor):
    public = Client()
    code = StatusCode.objects.get(code=301)
    before = public.get("/codes/301/").content.decode()
    response = save_draft(author, code, plain_summary="A **half-done** rewrite.")
    draft = DraftRevision.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{change_url(code)}?draft={draft.pk}"
    assert StatusCode.objects.get(pk=code.pk).plain_summary == code.plain_summary
    assert public.get("/codes/301/").content.decode() == before
    assert "half-done" not in public.get("/api/codes/301/").content.decode()

    # The author keeps editing the draft: still nothing public.
    draft_url = f"{change_url(code)}?draft={draft.pk}"
    form_page = author.get(draft_url).content.decode()
    assert "You are editing draft revision" in form_page and "A **half-done** rewrite." in form_page
    assert 'name="_save"' not in form_page and 'name="_publish_draft"' not in form_page
    save_draft(author, code, url=draft_url, plain_summary="A **finished** rewrite.")
    assert DraftRevision.objects.get().data["plain_summary"] == "A **finished** rewrite."
    assert "finished" not in public.get("/codes/301/").content.decode()

    # Staff preview shows the draft rendered.
    assert (
        "A <strong>finished</strong> rewrite." in author.get(f"/preview/codes/301/?draft={draft.pk}").content.decode()
    )

    # An author cannot publish; an editor can, and the page changes at once.
    refused = author.post(
        draft_url, {**code_form(code, plain_summary="A **finished** rewrite."), "_publish_draft": "Publish"}
    )
    assert refused.status_code == 403
    assert "finished" not in public.get("/codes/301/").content.decode()
    assert 'name="_publish_draft"' in editor.get(draft_url).content.decode()
    published = editor.post(
        draft_url, {**code_form(code, plain_summary="A **finished** rewrite."), "_publish_draft": "Publish"}
    )
    assert published.status_code == 302
    assert "A <strong>finished</strong> rewrite." in public.get("/codes/301/").content.decode()
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_by.username == "erin"
    record = StatusCode.objects.get(pk=code.pk).history.latest("history_date")
    assert record.history_change_reason == f"Published draft revision #{draft.pk} by alice, approved by erin"


def test_one_open_draft_per_page(author):
    code = StatusCode.objects.get(code=301)
    save_draft(author, code, plain_summary="First draft.")
    assert save_draft(author, code, plain_summary="A second, competing draft.").status_code == 403
    assert "This page has" in author.get(change_url(code)).content.decode()


def test_drafts_hold_only_the_pages_own_fields_as_json():
    code = StatusCode.objects.get(code=301)
    from django.contrib.contenttypes.models import ContentType

    draft = DraftRevision.objects.create(
        content_type=ContentType.objects.get_for_model(code),
        object_id=code.pk,
        data={"reason": "Moved For Good", "caching": "Cached **forever**?"},
    )
    preview = draft.apply_to(StatusCode.objects.get(pk=code.pk))
    assert preview.caching_html == "<p>Cached <strong>forever</strong>?</p>"
    assert StatusCode.objects.get(pk=code.pk).reason == "Moved Permanently"


def test_editors_have_the_authors_permissions_and_publishing():
    authors = set(Group.objects.get(name="Content authors").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert editors == authors | {"publish_draftrevision"}
    assert {"add_draftrevision", "change_draftrevision", "view_draftrevision"} <= authors


def test_a_comparison_draft_is_previewed_then_published(editor):
    from comparisons.models import Comparison
    from tests.authoring.test_authoring import comparison_form

    comparison = Comparison.objects.get(slug="404-vs-410")
    url = f"/admin/comparisons/comparison/{comparison.pk}/change/"
    assert (
        editor.post(
            url, {**comparison_form(comparison, intro="Draft intro about [[410]]."), "_save_draft": "Save"}
        ).status_code
        == 302
    )
    draft = DraftRevision.objects.get()
    assert "Draft intro" not in Client().get("/compare/404-vs-410/").content.decode()
    assert "Draft intro about" in editor.get(f"/preview/compare/404-vs-410/?draft={draft.pk}").content.decode()
    # The draft's form has no FAQ or cell inlines: it holds the comparison's own fields.
    assert "faq-TOTAL_FORMS" not in editor.get(f"{url}?draft={draft.pk}").content.decode()
    data = comparison_form(comparison, inlines=False, intro="Draft intro about [[410]].")
    assert editor.post(f"{url}?draft={draft.pk}", {**data, "_publish_draft": "Publish"}).status_code == 302
    assert "Draft intro about" in Client().get("/compare/404-vs-410/").content.decode()
