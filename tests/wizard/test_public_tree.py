"""The tree in public: the JSON API and its graph form, the SVG diagram, help and "I'm not sure" answers."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wizard.models import Answer, PublicTree, Question

from .walker import open_step

pytestmark = pytest.mark.django_db


def test_api_gives_markdown_only_as_sanitized_html(client):
    answer = Answer.objects.get(question__key="redirect-method-permanent", key="preserve")
    answer.tradeoff = 'Keep it. <script>alert("tradeoff")</script> [x](javascript:alert(1))'
    answer.save()
    question = Question.objects.get(key="goal")
    question.help = "Pick one. <img src=x onerror=alert(1)>"
    question.save()
    for path in ("/api/wizard/", "/api/wizard/graph/"):
        body = client.get(path).content.decode()
        assert "<script" not in body and "onerror" not in body and "javascript:" not in body, path
    data = client.get("/api/wizard/").json()
    goal = next(q for q in data["questions"] if q["key"] == "goal")
    assert goal["help_html"].startswith("<p>Pick one.")
    assert "help" not in goal and all("tradeoff" not in a for q in data["questions"] for a in q["answers"])
    preserve = next(
        a
        for q in data["questions"]
        if q["key"] == "redirect-method-permanent"
        for a in q["answers"]
        if a["key"] == "preserve"
    )
    assert preserve["tradeoff_html"].startswith("<p>Keep it.")


def test_graph_nodes_and_edges_describe_the_whole_public_tree(client):
    graph = client.get("/api/wizard/graph/").json()
    ids = {node["id"] for node in graph["nodes"]}
    assert graph["start"] == "question:goal" and graph["start"] in ids
    assert all(edge["from"] in ids and edge["to"] in ids for edge in graph["edges"])
    tree = PublicTree.load()
    assert {f"question:{q.key}" for q in tree.questions} == {i for i in ids if i.startswith("question:")}
    assert len(graph["edges"]) == sum(len(tree.answers(q)) for q in tree.questions)
    # Every node links somewhere real: a question to the step that asks it, a code to its page.
    for node in graph["nodes"]:
        if node["type"] == "question":
            assert open_step(client, node["url"]).question == node["text"]
        else:
            assert node["url"] == f"/codes/{node['code']}/" and client.get(node["url"]).status_code == 200


def test_the_diagram_draws_every_question_and_outcome_as_links_without_inline_styles(client):
    response = client.get("/wizard/diagram/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[
        html.index('<svg class="diagram" xmlns') : html.index("</svg>", html.index('<svg class="diagram" xmlns'))
    ]
    tree = PublicTree.load()
    links = re.findall(r'<a href="([^"]+)" class="row (\w+)">.*?<text[^>]*>(.*?)</text>', svg)
    texts = {
        (kind, re.sub(r"<[^>]+>", "", text).replace("&#x27;", "'").replace("&quot;", '"')) for _, kind, text in links
    }
    for question, keys in tree.step_paths().items():
        assert ("question", question.text) in texts
        assert f'href="/wizard/?{urlencode([("a", k) for k in keys])}"'.replace("&", "&amp;") in svg
        for answer in tree.answers(question):
            if answer.is_outcome:
                assert f'href="{answer.outcome.get_absolute_url()}" class="row outcome"' in svg
    outcome_rows = sum(1 for _, kind, _ in links if kind == "outcome")
    assert outcome_rows >= sum(1 for q in tree.questions for a in tree.answers(q) if a.is_outcome)
    # Strict CSP: no style attributes; the scroll box can be reached and is named.
    assert "style=" not in html
    assert re.search(r'<div class="diagram-scroll" tabindex="0" role="region" aria-labelledby="diagram-title">', html)
    assert '<title id="diagram-title">' in svg


def test_the_diagram_leaves_out_answers_that_lead_to_drafts(client):
    from reference.models import StatusCode

    code = StatusCode.objects.get(code=511)
    code.published = False
    code.save()
    html = client.get("/wizard/diagram/").content.decode()
    assert "/codes/511/" not in html and "captive portal" not in html


def test_every_question_has_help_with_an_example():
    for question in Question.objects.all():
        assert "For example" in question.help_html, question.key


def test_not_sure_explains_the_difference_and_returns_to_the_same_question(client):
    page = open_step(client, "/wizard/?a=redirect&a=moved")
    assert page.question == "Is the move permanent?"
    unsure = client.get(page.choose("I'm not sure")).content.decode()
    assert "Not sure? The difference between the answers" in unsure
    assert "Ask whether you will ever serve the old URL again." in unsure
    again = open_step(client, page.choose("I'm not sure"))
    assert again.question == "Is the move permanent?" and again.hidden == ["redirect", "moved"]
    assert "not-sure" not in again.radios.values()  # the explanation is showing; pick a real answer now
    assert open_step(client, again.choose("retired for good")).question.startswith("Must POST, PUT or DELETE")


@pytest.mark.parametrize(
    "query, message",
    [
        ("a=not-sure&a=redirect", "can only be the last one"),
        ("a=success&a=webdav&a=not-sure", "is not one of the answers"),  # a question with no explanation
    ],
)
def test_not_sure_elsewhere_is_a_bad_path(client, query, message):
    response = client.get("/wizard/?" + query)
    assert response.status_code == 400 and message in response.content.decode()


def test_the_step_indicator_counts_the_questions_still_possible(client):
    assert "Question 3 of 4" in client.get("/wizard/?a=redirect&a=moved").content.decode()
    assert "Question 4 of 4" in client.get("/wizard/?a=redirect&a=moved&a=permanent").content.decode()
    assert re.search(r"Question 1 of at most \d+<", client.get("/wizard/").content.decode())


@pytest.mark.parametrize(
    "path",
    [
        "/wizard/",
        "/wizard/?a=redirect&a=moved&a=permanent&a=preserve",
        "/wizard/diagram/",
        "/api/wizard/",
        "/api/wizard/graph/",
    ],
)
def test_wizard_pages_need_a_fixed_number_of_queries_whatever_the_tree(client, path, django_assert_max_num_queries):
    """The content revision, then questions, answers, their codes and published comparisons: five."""
    from django.core.cache import cache

    with django_assert_max_num_queries(5):
        assert client.get(path).status_code == 200
    start = Question.objects.get(key="success-webdav")
    first, second = (answer.outcome for answer in start.answers.all())
    for number in range(5):
        extra = Question.objects.create(key=f"extra-{number}", text=f"Extra {number}?")
        extra.answers.create(key="a", label="A", outcome=first, rule="r")
        extra.answers.create(key="b", label="B", outcome=second, rule="r")
        start.answers.create(key=f"extra-{number}", label=f"Extra {number}", next_question=extra, order=9)
    cache.clear()
    with django_assert_max_num_queries(5):
        assert client.get(path).status_code == 200


def test_the_tree_is_built_once_per_content_revision_and_again_after_a_save():
    first = PublicTree.load()
    with CaptureQueriesContext(connection) as queries:
        assert PublicTree.load() is first
    # At most the revision is read again (it is re-read every 0.25 s), never the tree.
    assert not [query for query in queries.captured_queries if "wizard_" in query["sql"]]
    question = Question.objects.get(key="goal")
    question.text = "What should the answer tell the client, in one phrase?"
    question.save()
    rebuilt = PublicTree.load()
    assert rebuilt is not first and rebuilt.start.text == "What should the answer tell the client, in one phrase?"


def test_a_step_page_shows_an_edit_made_after_the_tree_was_built(client):
    client.get("/wizard/")
    question = Question.objects.get(key="goal")
    question.text = "A question text no reader has seen before?"
    question.save()
    assert "A question text no reader has seen before?" in client.get("/wizard/").content.decode()
