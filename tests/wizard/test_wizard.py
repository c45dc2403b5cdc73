"""The decision wizard: paths, the tree's validation, bad query strings."""

import itertools
import re
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from wizard.models import Answer, Question, TreeError, check_tree

pytestmark = pytest.mark.django_db


def wizard_url(*keys):
    return "/wizard/?" + urlencode([("a", key) for key in keys])


def redirect_path(prg, permanent, preserve):
    if prg:
        return ["redirect", "prg"]
    return ["redirect", "moved", "permanent" if permanent else "temporary", "preserve" if preserve else "get-only"]


# The redirect decision, as RFC 9110 §15.4 gives it: PRG → 303 whatever else holds;
# otherwise permanence picks 301/308 vs 302/307 and method preservation picks 307/308.
EXPECTED = {
    (True, True, True): 303,
    (True, True, False): 303,
    (True, False, True): 303,
    (True, False, False): 303,
    (False, True, True): 308,
    (False, True, False): 301,
    (False, False, True): 307,
    (False, False, False): 302,
}


@pytest.mark.parametrize("prg, permanent, preserve", list(itertools.product([True, False], repeat=3)))
def test_every_redirect_combination_leads_to_the_right_code(client, prg, permanent, preserve):
    expected = EXPECTED[(prg, permanent, preserve)]
    response = client.get(wizard_url(*redirect_path(prg, permanent, preserve)))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'Send <a href="/codes/{expected}/">{expected} ' in html


def all_paths():
    """Every path from the start question to an outcome, read from the live tree."""
    questions = {q.key: q for q in Question.objects.prefetch_related("answers__next_question", "answers__outcome")}
    start = next(q for q in questions.values() if q.is_start)
    paths = []

    def walk(question, keys):
        for answer in question.answers.all():
            if answer.outcome_id:
                paths.append((keys + [answer.key], answer.outcome.code))
            else:
                walk(questions[answer.next_question.key], keys + [answer.key])

    walk(start, [])
    return paths


def test_every_leaf_of_the_shipped_tree_is_reachable_and_renders(client):
    paths = all_paths()
    leaves = set(Answer.objects.filter(outcome__isnull=False).values_list("question__key", "key"))
    assert len(paths) >= len(leaves) > 30
    reached = set()
    for keys, code in paths:
        response = client.get(wizard_url(*keys))
        assert response.status_code == 200, keys
        assert f'href="/codes/{code}/"' in response.content.decode()
    # Every outcome answer appears at the end of some path.
    for question in Question.objects.prefetch_related("answers"):
        for answer in question.answers.all():
            if answer.outcome_id:
                reached.add((question.key, answer.key))
    assert reached == leaves


def test_the_wizard_covers_success_client_and_server_codes():
    outcomes = set(Answer.objects.filter(outcome__isnull=False).values_list("outcome__code", flat=True))
    assert {200, 201, 202, 204, 206} <= outcomes
    assert {400, 401, 403, 404, 405, 409, 410, 412, 415, 422, 428, 429} <= outcomes
    assert {500, 501, 502, 503, 504} <= outcomes


def test_steps_are_get_forms_with_fieldsets_radios_and_the_path_so_far(client):
    html = client.get(wizard_url("redirect", "moved")).content.decode()
    assert '<form method="get" action="/wizard/"' in html
    assert '<input type="hidden" name="a" value="redirect">' in html
    assert '<input type="hidden" name="a" value="moved">' in html
    assert "<legend" in html and "Is the move permanent?" in html
    assert '<input type="radio" name="a" id="a-permanent" value="permanent" required' in html
    assert '<label for="a-permanent">' in html
    # Each earlier answer can be changed through a link that cuts the path there.
    assert 'href="?a=redirect"' in html and 'href="?"' in html


def test_result_shows_rule_tradeoff_and_links(client):
    html = client.get(wizard_url("redirect", "moved", "permanent", "preserve")).content.decode()
    assert "For a permanent move that must keep the method and body, answer 308." in html
    assert 'href="/compare/301-vs-308/"' in html and 'href="/codes/308/"' in html
    # The answers so far read as the reader's words, never as the internal keys of the URL.
    assert "<strong>Yes, non-GET requests (an API, a form target) reach this URL</strong>" in html
    assert "redirect → moved" not in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("a=nonsense", "is not one of the answers"),
        ("a=redirect&a=prg&a=extra", "already reached its result"),
        ("a=success&a=permanent", "is not one of the answers"),
        ("&".join(["a=redirect"] * 20), "more answers than any path has"),
        ("a=" + "x" * 2000, "too long"),
    ],
)
def test_bad_paths_are_400_with_a_way_to_restart(client, query, message):
    response = client.get("/wizard/?" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'href="/wizard/"' in html


def test_check_tree_rejects_cycles_dead_ends_orphans_and_single_answers():
    ok = {"q1": {"a": ("question", "q2"), "b": ("outcome", 200)}, "q2": {"c": ("outcome", 201), "d": ("outcome", 204)}}
    check_tree("q1", ok)
    with pytest.raises(TreeError, match="loops"):
        check_tree("q1", {**ok, "q2": {"c": ("question", "q1"), "d": ("outcome", 204)}})
    with pytest.raises(TreeError, match="unknown question"):
        check_tree("q1", {**ok, "q2": {"c": ("question", "nowhere"), "d": ("outcome", 204)}})
    with pytest.raises(TreeError, match="no path reaches"):
        check_tree("q1", {**ok, "q3": {"e": ("outcome", 200), "f": ("outcome", 201)}})
    with pytest.raises(TreeError, match="at least two answers"):
        check_tree("q1", {**ok, "q2": {"c": ("outcome", 201)}})
    with pytest.raises(TreeError, match="start question"):
        check_tree("missing", ok)


@pytest.fixture
def tree_dir(tmp_path, settings):
    settings.CONTENT_DIR = tmp_path
    (tmp_path / "wizard/content").mkdir(parents=True)
    return tmp_path / "wizard/content"


TREE = """start: q1
questions:
- key: q1
  text: First?
  answers:
  - {key: more, label: More, next: q2}
  - {key: done, label: Done, outcome: 204, rule: Send 204.}
- key: q2
  text: Second?
  answers:
  - {key: body, label: Body, outcome: 200, rule: Send 200.}
  - {key: other, label: Other, outcome: %s, rule: Send it.}
"""


def test_loader_refuses_a_tree_with_an_unknown_code_and_keeps_the_live_tree(tree_dir):
    before = Answer.objects.count()
    (tree_dir / "tree.yaml").write_text(TREE % "299")
    with pytest.raises(CommandError, match="outcome 299 is not a known code"):
        call_command("load_content")
    assert Answer.objects.count() == before


def test_loader_explains_yaml_booleans_as_keys(tree_dir):
    (tree_dir / "tree.yaml").write_text(TREE.replace("key: more", "key: yes") % "201")
    with pytest.raises(CommandError, match="key must be text"):
        call_command("load_content")


def test_loader_refuses_a_cycle(tree_dir):
    (tree_dir / "tree.yaml").write_text(TREE.replace("outcome: %s, rule: Send it.", "next: q1"))
    with pytest.raises(CommandError, match="tree: The tree loops: q1 → q2 → q1"):
        call_command("load_content")


def test_loader_replaces_the_tree_and_is_idempotent(tree_dir, capsys):
    (tree_dir / "tree.yaml").write_text(TREE % "201")
    call_command("load_content")
    assert Question.objects.count() == 2
    call_command("load_content")
    assert "wizard tree: 0 created, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_admin_edit_that_would_create_a_cycle_is_refused():
    answer = Answer.objects.get(question__key="redirect-permanence", key="permanent")
    answer.next_question = Question.objects.get(key="goal")
    with pytest.raises(ValidationError, match="loops"):
        answer.full_clean()


def test_admin_edit_that_would_leave_an_answer_leading_nowhere_is_refused():
    answer = Answer.objects.get(question__key="success-body", key="body")
    answer.outcome = None
    with pytest.raises(ValidationError, match="either to a next question or to an outcome"):
        answer.full_clean()


def answer_formset_data(question, changes=None, delete=()):
    """The Question admin change form's POST data, as the admin would submit it."""
    answers = list(question.answers.all())
    data = {
        "key": question.key,
        "text": question.text,
        "help": question.help,
        "answers-TOTAL_FORMS": str(len(answers)),
        "answers-INITIAL_FORMS": str(len(answers)),
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
    }
    if question.is_start:
        data["is_start"] = "on"
    for i, answer in enumerate(answers):
        prefix = f"answers-{i}-"
        data.update(
            {
                prefix + "id": answer.pk,
                prefix + "question": question.pk,
                prefix + "order": answer.order,
                prefix + "key": answer.key,
                prefix + "label": answer.label,
                prefix + "rule": answer.rule,
                prefix + "tradeoff": answer.tradeoff,
            }
        )
        if answer.next_question_id:
            data[prefix + "next_question"] = answer.next_question_id
        if answer.outcome_id:
            data[prefix + "outcome"] = answer.outcome_id
        for field, value in (changes or {}).get(answer.key, {}).items():
            data[prefix + field] = value
        if answer.key in delete:
            data[prefix + "DELETE"] = "on"
    return data


@pytest.fixture
def admin_client(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("root", "r@example.com", "pw-for-tests-only-1"))
    return client


def test_admin_refuses_deleting_an_answer_that_leaves_a_question_with_one(admin_client):
    question = Question.objects.get(key="redirect-permanence")
    response = admin_client.post(
        f"/admin/wizard/question/{question.pk}/change/", answer_formset_data(question, delete=["temporary"])
    )
    assert response.status_code == 200
    assert "This change would break the wizard" in response.content.decode()
    assert question.answers.count() == 2


def test_admin_accepts_a_valid_edit_of_the_tree(admin_client, client):
    question = Question.objects.get(key="success-body")
    data = answer_formset_data(question, changes={"body": {"label": "Yes, there is a body to send"}})
    response = admin_client.post(f"/admin/wizard/question/{question.pk}/change/", data)
    assert response.status_code == 302
    assert "Yes, there is a body to send" in client.get("/wizard/?a=success&a=done").content.decode()


def test_the_start_question_cannot_be_deleted(admin_client):
    start = Question.objects.get(is_start=True)
    assert admin_client.get(f"/admin/wizard/question/{start.pk}/delete/").status_code == 403


# Validation reports what authors must fix: unreachable questions and codes no path reaches ----------

ORPHAN = """- key: orphan
  text: Nobody gets here?
  help: For example, a question whose answer was deleted.
  answers:
  - {key: one, label: One, outcome: 200, rule: Send 200.}
  - {key: two, label: Two, outcome: 201, rule: Send 201.}
"""


def test_loader_refuses_a_question_no_path_reaches(tree_dir):
    (tree_dir / "tree.yaml").write_text(TREE % "201" + ORPHAN)
    with pytest.raises(CommandError, match="tree: Questions no path reaches: orphan."):
        call_command("load_content")


def test_loader_reports_the_codes_no_path_reaches(tree_dir, capsys):
    (tree_dir / "tree.yaml").write_text(TREE % "201")
    call_command("load_content")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "warning: Codes no path reaches:" in line)
    reached = {200, 201, 204}
    missing = {int(code) for code in re.findall(r"\d{3}", line.split(":", 2)[2])}
    assert missing & reached == set()
    assert {301, 404, 416, 503, 520} <= missing


def test_the_shipped_tree_loads_without_warnings(capsys):
    call_command("load_content")
    assert "warning:" not in capsys.readouterr().out


def test_admin_reports_a_question_that_no_answer_leads_to(admin_client):
    Question.objects.create(key="orphan", text="Nobody gets here?")
    html = admin_client.get("/admin/wizard/question/").content.decode()
    assert "Questions no path reaches: orphan." in html
    assert "Question &#x27;orphan&#x27; needs at least two answers." in html


def test_admin_reports_codes_no_path_reaches_and_answers_hidden_as_drafts(admin_client):
    from reference.models import StatusCode

    StatusCode.objects.filter(code=416).update(published=False)
    Answer.objects.filter(outcome__code=511).delete()
    html = admin_client.get(f"/admin/wizard/question/{Question.objects.get(key='goal').pk}/change/").content.decode()
    assert "Answers hidden from readers because their code is a draft: client-expectation/range (416)." in html
    assert "Codes no path reaches: 511." in html


def test_loader_keeps_the_not_sure_key_for_the_explanation(tree_dir):
    (tree_dir / "tree.yaml").write_text(TREE.replace("key: done", "key: not-sure") % "201")
    with pytest.raises(CommandError, match="'not-sure' is kept for the “I'm not sure” answer"):
        call_command("load_content")


def test_loader_refuses_unknown_question_fields(tree_dir):
    (tree_dir / "tree.yaml").write_text(TREE.replace("  text: Second?", "  text: Second?\n  hint: typo") % "201")
    with pytest.raises(CommandError, match=r"questions\[1\] \(q2\)\.hint: unknown field"):
        call_command("load_content")
