"""Drafts stay private: an answer that leads to a draft code or comparison shows it nowhere public."""

import pytest

from comparisons.models import Comparison
from reference.models import StatusCode

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/wizard/?a=redirect&a=moved&a=permanent",
    "/wizard/?a=redirect&a=moved&a=permanent&a=get-only",
    "/api/wizard/",
    "/api/wizard/graph/",
    "/wizard/diagram/",
]


def public_text(client):
    """Everything the wizard shows the public (pages that do not exist count as showing nothing)."""
    texts = []
    for path in PUBLIC_PAGES:
        response = client.get(path)
        if response.status_code == 200:
            texts.append(response.content.decode())
    return "\n".join(texts)


def test_an_answer_leading_to_a_draft_code_is_not_offered_and_the_draft_is_not_shown(client):
    code = StatusCode.objects.get(code=308)
    code.reason = "Secret Draft Reason"
    code.published = False
    code.save()
    text = public_text(client)
    assert "Secret Draft Reason" not in text
    assert "/codes/308/" not in text
    tree = client.get("/api/wizard/").json()
    assert 308 not in {answer.get("outcome") for question in tree["questions"] for answer in question["answers"]}
    # The question still offers its published answer; the draft's path is not a path any more.
    page = client.get("/wizard/?a=redirect&a=moved&a=permanent").content.decode()
    assert 'value="get-only"' in page and 'value="preserve"' not in page
    assert client.get("/wizard/?a=redirect&a=moved&a=permanent&a=preserve").status_code == 400


def test_a_draft_comparison_is_not_linked_from_a_result(client):
    comparison = Comparison.objects.get(slug="301-vs-302")
    comparison.title = "Secret draft comparison title"
    comparison.published = False
    comparison.save()
    text = public_text(client)
    assert "Secret draft comparison title" not in text
    assert "/compare/301-vs-302/" not in text
    tree = client.get("/api/wizard/").json()
    slugs = {
        slug for question in tree["questions"] for answer in question["answers"] for slug in answer.get("compare", [])
    }
    assert "301-vs-302" not in slugs and "301-vs-308" in slugs


def test_a_question_whose_every_answer_leads_to_drafts_disappears_with_them(client):
    for number in (301, 308):
        StatusCode.objects.filter(code=number).update(published=False)
    StatusCode.objects.get(code=200).save()  # a content save, so cached pages are rebuilt
    page = client.get("/wizard/?a=redirect&a=moved").content.decode()
    assert 'value="permanent"' not in page and 'value="temporary"' in page
    graph = client.get("/api/wizard/graph/").json()
    assert "question:redirect-method-permanent" not in {node["id"] for node in graph["nodes"]}
    assert not any(edge["to"] in ("code:301", "code:308") for edge in graph["edges"])
