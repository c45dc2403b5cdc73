"""Authoring: the authors group, history and restore, drafts, preview, validation, cache invalidation."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError

from comparisons.models import Comparison
from reference.models import StatusCode
from tests.factories import make_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def author(client):
    call_command("createauthor", "alice", password=PASSWORD)
    client.force_login(User.objects.get(username="alice"))
    return User.objects.get(username="alice")


def test_group_has_exactly_add_change_view_on_content_models_and_moderates_reports():
    group = Group.objects.get(name="Content authors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    models = {"statuscode", "faqentry", "comparison", "comparisonfaqentry", "aspectoverride", "question", "answer"}
    models |= {"errorguide", "errorguidefaqentry", "observation"}
    moderation = {
        "view_readerreport",
        "change_readerreport",
        "add_draftrevision",
        "change_draftrevision",
        "view_draftrevision",
    }
    assert codenames == {f"{action}_{model}" for model in models for action in ("add", "change", "view")} | moderation


def test_createauthor_makes_a_staff_member_of_the_group(author):
    assert author.is_staff and not author.is_superuser
    assert list(author.groups.values_list("name", flat=True)) == ["Content authors"]


def test_createauthor_refuses_a_weak_password():
    with pytest.raises(CommandError, match="too short|too common"):
        call_command("createauthor", "bob", password="abc")


def test_author_cannot_open_user_or_group_admin(client, author):
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def code_form(code, **changes):
    """The admin change form's POST data for a code, as the admin would submit it."""
    data = {
        "code": code.code,
        "reason": code.reason,
        "summary": code.summary,
        "standing": code.standing,
        "origin": code.origin,
        "spec_document": code.spec_document,
        "spec_section": code.spec_section,
        "spec_url": code.spec_url,
        "redirect_permanent": {None: "unknown", True: "true", False: "false"}[code.redirect_permanent],
        "redirect_method": code.redirect_method,
        "body_allowed": "on" if code.body_allowed else "",
        "heuristically_cacheable": "on" if code.heuristically_cacheable else "",
        "headers": ", ".join(code.headers),
        "related": [c.pk for c in code.related.all()],
        "published": "on" if code.published else "",
        "aliases": "\n".join(code.aliases),
        "former_reasons": "\n".join(code.former_reasons),
        "client_saw": code.client_saw,
        "faq-TOTAL_FORMS": "0",
        "faq-INITIAL_FORMS": "0",
        "faq-MIN_NUM_FORMS": "0",
        "faq-MAX_NUM_FORMS": "1000",
    }
    for name in (
        "definition",
        "plain_summary",
        "when_to_use",
        "client_behaviour",
        "caching",
        "seo_impact",
        "api_impact",
        "retry",
        "scenarios",
        "example",
        "how_to_send",
    ):
        data[name] = getattr(code, name)
    data = {k: v for k, v in data.items() if v != ""}
    data.update(changes)
    return data


def test_author_edits_and_publishes_a_code_and_the_page_shows_it_at_once(client, author):
    code = StatusCode.objects.get(code=418)
    assert client.get("/codes/418/").status_code == 200  # now cached
    response = client.post(
        f"/admin/reference/statuscode/{code.pk}/change/",
        code_form(code, plain_summary="A brand-new **summary** for authors."),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get("/codes/418/").content.decode()
    assert "A brand-new <strong>summary</strong> for authors." in html


def test_history_records_who_changed_what_and_restore_brings_back_the_text(client, author):
    code = StatusCode.objects.get(code=418)
    original = code.plain_summary
    client.post(f"/admin/reference/statuscode/{code.pk}/change/", code_form(code, plain_summary="Edited text."))
    record = code.history.filter(history_user=author).latest("history_date")
    assert record.plain_summary == "Edited text."
    history_page = client.get(f"/admin/reference/statuscode/{code.pk}/history/").content.decode()
    assert "alice" in history_page and "plain_summary" in history_page and "Edited text." in history_page
    earlier = code.history.exclude(history_user=author).latest("history_date")
    assert earlier.plain_summary == original
    # The version page offers the old text; saving it restores it.
    restore_url = f"/admin/reference/statuscode/{code.pk}/history/{earlier.history_id}/"
    assert client.get(restore_url).status_code == 200
    response = client.post(
        restore_url, code_form(StatusCode.objects.get(pk=code.pk), plain_summary=earlier.plain_summary)
    )
    assert response.status_code == 302
    assert StatusCode.objects.get(pk=code.pk).plain_summary == original


def comparison_form(comparison, inlines=True, **changes):
    """The admin change form's POST data for a comparison, with its FAQ and cells unless inlines=False."""
    data = {
        "code_a": comparison.code_a.pk,
        "code_b": comparison.code_b.pk,
        "title": comparison.title,
        "gist": comparison.gist,
        "published": "on",
        "intro": comparison.intro,
        "differences": comparison.differences,
        "scenarios_a": comparison.scenarios_a,
        "scenarios_b": comparison.scenarios_b,
        "decision_rule": comparison.decision_rule,
        "mistake": comparison.mistake,
        "related": [c.pk for c in comparison.related.all()],
    }
    for prefix, rows in (("faq", comparison.faq.all()), ("overrides", comparison.overrides.all())) if inlines else ():
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))})
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-comparison"] = comparison.pk
            if prefix == "faq":
                data.update(
                    {f"faq-{i}-order": row.order, f"faq-{i}-question": row.question, f"faq-{i}-answer": row.answer}
                )
            else:
                data.update(
                    {
                        f"overrides-{i}-aspect": row.aspect,
                        f"overrides-{i}-side": row.side,
                        f"overrides-{i}-text": row.text,
                    }
                )
    data.update(changes)
    return data


def test_author_edits_a_comparison(client, author):
    comparison = Comparison.objects.get(slug="404-vs-410")
    data = comparison_form(comparison, intro="Fresh intro about [[410]].")
    response = client.post(f"/admin/comparisons/comparison/{comparison.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert (
        '<p>Fresh intro about <a href="/codes/410/">410</a>.</p>' in client.get("/compare/404-vs-410/").content.decode()
    )


def test_unknown_code_links_and_empty_required_aspects_are_refused(client, author):
    code = StatusCode.objects.get(code=418)
    response = client.post(
        f"/admin/reference/statuscode/{code.pk}/change/", code_form(code, caching="See [[599]].", retry="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Links to codes this site has no page for: [[599]]" in html
    assert "Required before the code can be published" in html


def test_a_draft_may_leave_aspects_empty_and_stays_hidden(client, author):
    code = StatusCode.objects.get(code=418)
    data = code_form(code, retry="")
    data.pop("published")
    assert client.post(f"/admin/reference/statuscode/{code.pk}/change/", data).status_code == 302
    client.logout()
    assert client.get("/codes/418/").status_code == 404


def test_drafts_404_for_the_public_and_show_in_staff_preview(client):
    make_code(299, reason="Secret Draft", published=False)
    assert client.get("/codes/299/").status_code == 404
    assert "Secret Draft" not in client.get("/codes/").content.decode()
    assert "Secret Draft" not in client.get("/api/codes/").content.decode()
    assert client.get("/preview/codes/299/").status_code == 302  # to the admin login
    staff = User.objects.create_user("staff", password=PASSWORD, is_staff=True)
    client.force_login(staff)
    response = client.get("/preview/codes/299/")
    assert response.status_code == 200
    assert "This is a draft" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_view_on_site_points_drafts_to_the_preview():
    from django.contrib import admin

    draft = make_code(299, published=False)
    model_admin = admin.site._registry[StatusCode]
    assert model_admin.view_on_site(draft) == "/preview/codes/299/"
    assert model_admin.view_on_site(StatusCode.objects.get(code=301)) == "/codes/301/"


def test_markdown_preview_uses_the_site_pipeline(client, author):
    response = client.post("/admin/preview-markdown/", {"text": "**hi** [[404]] <script>x</script>"})
    html = response.json()["html"]
    assert "<strong>hi</strong>" in html and 'href="/codes/404/"' in html and "<script" not in html


def test_markdown_preview_is_for_staff_only(client):
    assert client.post("/admin/preview-markdown/", {"text": "x"}).status_code == 302


XSS_PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_saved_in_any_markdown_field_is_neutralized_on_the_page(client, payload):
    from comparisons.models import SECTIONS
    from reference.models import GUIDE_SECTIONS
    from wizard.models import Answer, Question

    code = StatusCode.objects.get(code=418)
    for name, _ in GUIDE_SECTIONS:
        setattr(code, name, f"Text {payload} end")
    code.save()
    for entry in code.faq.all():
        entry.answer = payload
        entry.save()
    comparison = Comparison.objects.get(slug="401-vs-403")
    for name, _ in SECTIONS:
        setattr(comparison, name, f"Text {payload} end")
    comparison.save()
    for entry in comparison.faq.all():
        entry.answer = payload
        entry.save()
    comparison.overrides.create(aspect="retry", side="a", text=payload)
    question = Question.objects.get(key="redirect-permanence")
    question.help = payload
    question.save()
    answer = Answer.objects.get(question__key="redirect-method-permanent", key="preserve")
    answer.tradeoff = payload
    answer.save()
    pages = [
        "/codes/418/",
        "/compare/401-vs-403/",
        "/wizard/?a=redirect&a=moved",
        "/wizard/?a=redirect&a=moved&a=permanent&a=preserve",
        "/api/comparisons/401-vs-403/",
    ]
    for path in pages:
        html = client.get(path).content.decode().lower()
        for marker in ("<script>alert", "onerror=", "javascript:", "<svg", "onload=", "data:text/html"):
            assert marker not in html, (path, marker)


def test_saving_content_invalidates_cached_pages(client):
    first = client.get("/compare/").content.decode()
    comparison = Comparison.objects.get(slug="401-vs-403")
    comparison.gist = "A gist edited a moment ago."
    comparison.save()
    assert "A gist edited a moment ago." not in first
    assert "A gist edited a moment ago." in client.get("/compare/").content.decode()
    assert (
        client.get("/api/comparisons/").json()["comparisons"][
            [c["slug"] for c in client.get("/api/comparisons/").json()["comparisons"]].index("401-vs-403")
        ]["gist"]
        == "A gist edited a moment ago."
    )


def test_five_failures_lock_that_username_from_that_address_only(client):
    User.objects.create_superuser("dana", "d@example.org", PASSWORD)
    for _ in range(5):
        client.post("/admin/login/", {"username": "dana", "password": "wrong"}, REMOTE_ADDR="203.0.113.5")
    locked = client.post("/admin/login/", {"username": "dana", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    elsewhere = client.post("/admin/login/", {"username": "dana", "password": PASSWORD}, REMOTE_ADDR="198.51.100.20")
    assert elsewhere.status_code == 302  # the real author, from her own address, still signs in


def test_password_spraying_from_one_address_is_locked_across_usernames(client, settings):
    User.objects.create_superuser("erin", "e@example.org", PASSWORD)
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        response = client.post(
            "/admin/login/", {"username": f"user{number}", "password": "guess"}, REMOTE_ADDR="203.0.113.66"
        )
        assert response.status_code == 200, number
    sprayed = client.post("/admin/login/", {"username": "erin", "password": PASSWORD}, REMOTE_ADDR="203.0.113.66")
    assert sprayed.status_code == 429 and "Retry-After" in sprayed
    assert (
        client.post(
            "/admin/login/", {"username": "erin", "password": PASSWORD}, REMOTE_ADDR="198.51.100.21"
        ).status_code
        == 302
    )
