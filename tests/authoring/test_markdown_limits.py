"""The Markdown bomb: unclosed '[' runs are quadratic in Python-Markdown; the site refuses them fast."""

import random
import time

import markdown
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from reference.models import StatusCode
from reference.rendering import MAX_MARKDOWN_CHARS, MarkdownRefused, markdown_problem, render_markdown
from tests.authoring.test_authoring import PASSWORD, code_form
from tests.factories import code_file

BOMB = "[" * 16_000


def seconds(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def test_unclosed_brackets_cost_python_markdown_quadratic_time():
    """Why the limits exist: tripling a run of '[' takes about nine times as long (16,000 took over 20 s)."""
    small, large = (min(seconds(markdown.markdown, "[" * n) for _ in range(3)) for n in (1000, 3000))
    assert large > 4 * small


def test_the_bomb_is_refused_at_once_by_the_pipeline():
    assert seconds(lambda: pytest.raises(MarkdownRefused, render_markdown, BOMB)) < 0.5
    assert "limited to 10,000 characters" in markdown_problem(BOMB)
    assert "too many unclosed '[' or '<'" in markdown_problem("[" * 1000)
    assert "nests lists or quotes more than 12 deep" in markdown_problem("- " * 200 + "x")


def test_any_text_the_pipeline_accepts_renders_quickly():
    """Random mixes of the characters Markdown's inline patterns scan for, up to the size limit."""
    pieces = ["[", "]", "(", ")", "<", ">", "!", "*", "_", "`", "\\", " ", "a", "\n", "[a](", "[a][", "<a ", "- ", "> "]
    generator = random.Random(9)
    slowest, accepted, deadline = 0.0, 0, time.monotonic() + 8
    while time.monotonic() < deadline:
        alphabet = generator.sample(pieces, generator.randint(1, 5))
        text = "".join(generator.choice(alphabet) for _ in range(MAX_MARKDOWN_CHARS))[:MAX_MARKDOWN_CHARS]
        if markdown_problem(text):
            continue
        accepted += 1
        slowest = max(slowest, seconds(render_markdown, text))
    assert accepted > 10
    assert slowest < 1.0


@pytest.mark.django_db
def test_preview_answers_400_at_once_with_the_reason(client):
    call_command("createauthor", "alice", password=PASSWORD)
    client.force_login(User.objects.get(username="alice"))
    start = time.perf_counter()
    response = client.post("/admin/preview-markdown/", {"text": "[" * 1000})
    assert time.perf_counter() - start < 1
    assert response.status_code == 400
    assert "too many unclosed" in response.json()["error"]


@pytest.mark.django_db
def test_saving_a_bomb_in_the_admin_is_a_validation_error_naming_the_field(client):
    call_command("createauthor", "alice", password=PASSWORD)
    client.force_login(User.objects.get(username="alice"))
    code = StatusCode.objects.get(code=418)
    start = time.perf_counter()
    response = client.post(f"/admin/reference/statuscode/{code.pk}/change/", code_form(code, caching=BOMB))
    assert time.perf_counter() - start < 2
    assert response.status_code == 200
    assert "Caching is limited to 10,000 characters (it has 16,000)." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, message",
    [
        ("See [[999]].", "Links to codes this site has no page for: [[999]]"),
        ("See [[301.", "this is not one: &#x27;[[&#x27;"),
        ("See [[ 301 ]].", "this is not one: &#x27;[[ 301 ]]&#x27;"),
        ("See [[301-vs-308]].", "this is not one: &#x27;[[301-vs-308]]&#x27;"),
    ],
)
def test_admin_refuses_every_link_shorthand_that_is_not_a_known_code(client, text, message):
    call_command("createauthor", "alice", password=PASSWORD)
    client.force_login(User.objects.get(username="alice"))
    code = StatusCode.objects.get(code=418)
    response = client.post(f"/admin/reference/statuscode/{code.pk}/change/", code_form(code, retry=text))
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.django_db
def test_shorthand_inside_code_is_left_alone(client):
    code = StatusCode.objects.get(code=418)
    code.retry = "In bash, `[[ -f x ]]` tests a file.\n\n```\nif [[ $a ]]; then\n```"
    code.full_clean()


@pytest.fixture
def content_dir(tmp_path, settings):
    settings.CONTENT_DIR = tmp_path
    folder = tmp_path / "reference/content/codes"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.django_db
@pytest.mark.parametrize(
    "replacement, message",
    [
        ("See [[999]].", "Plain-language summary: links to unknown codes: [[999]]"),
        ("See [[ unclosed", "Plain-language summary: write code links as [[404]]; not a code link: '[['"),
        (BOMB, "Plain-language summary: is limited to 10,000 characters (it has 16,000)"),
    ],
)
def test_loader_refuses_bad_links_and_bombs_naming_file_and_field(content_dir, replacement, message):
    (content_dir / "299.md").write_text(code_file(code=299).replace("The page moved for good.", replacement))
    start = time.perf_counter()
    with pytest.raises(CommandError) as error:
        call_command("load_content")
    assert time.perf_counter() - start < 2
    assert f"reference/content/codes/299.md: {message}" in str(error.value)


@pytest.mark.django_db
def test_loader_refuses_text_longer_than_its_column(content_dir):
    (content_dir / "299.md").write_text(code_file(code=299, reason="R" * 101))
    with pytest.raises(CommandError, match=r"299.md: reason: is limited to 100 characters \(it has 101\)"):
        call_command("load_content")
