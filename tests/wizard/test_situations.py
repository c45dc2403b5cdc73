"""Real situations reach the right code through the no-JavaScript wizard, and every code has a path."""

from pathlib import Path

import pytest
import yaml

from reference.models import StatusCode
from wizard.models import NOT_SURE, REACHABLE_STANDINGS

from .walker import open_step

pytestmark = pytest.mark.django_db

SITUATIONS = yaml.safe_load((Path(__file__).parent / "situations.yaml").read_text(encoding="utf-8"))


def test_the_table_holds_at_least_forty_situations():
    assert len(SITUATIONS) >= 40
    assert all(set(entry) == {"situation", "answers", "code"} for entry in SITUATIONS)


@pytest.mark.parametrize("entry", SITUATIONS, ids=[entry["situation"][:60] for entry in SITUATIONS])
def test_a_developer_in_this_situation_reaches_the_right_code(client, entry):
    page = open_step(client, "/wizard/")
    for words in entry["answers"]:
        assert page.result_code is None, f"reached {page.result_code} before answering {words!r}"
        page = open_step(client, page.choose(words))
    assert page.result_code == entry["code"]


def every_result(client):
    """{code: [labels of every path to it]}, found by submitting every choice of every page from /wizard/."""
    reached, queue = {}, [("/wizard/", [])]
    while queue:
        url, trail = queue.pop()
        page = open_step(client, url)
        if page.result_code is not None:
            reached.setdefault(page.result_code, []).append(trail)
            continue
        assert len(page.choices()) >= 1, page.question
        for label, value in page.choices():
            if value != NOT_SURE:
                queue.append((page.submit(value), trail + [label]))
    return reached


def test_every_path_of_the_no_javascript_wizard(client):
    """One walk over every answer of every page (it takes a few seconds), checked three ways."""
    reached = every_result(client)

    # Every code a server may send, and every vendor code, is reachable.
    wanted = set(StatusCode.objects.published().filter(standing__in=REACHABLE_STANDINGS).values_list("code", flat=True))
    assert wanted - set(reached) == set()
    assert {103, 416, 417, 421, 423, 424, 426, 505, 506, 507, 508, 511} <= set(reached)  # the ones issue 21 missed
    assert {305, 306, 418, 510} & set(reached) == set()  # deprecated, unused and obsoleted: never recommended

    # Vendor codes are explained from the "code in my log" branch, and only there.
    vendor = set(StatusCode.objects.filter(standing="non-standard").values_list("code", flat=True))
    for code, trails in reached.items():
        for trail in trails:
            assert trail[0].startswith("I found a code in a log") == (code in vendor), (code, trail)

    # No 5xx sits under "the client must change something".
    for code, trails in reached.items():
        for trail in trails:
            if trail[0].startswith("The request was wrong or not allowed"):
                assert code < 500, (code, trail)


def test_a_vendor_result_explains_instead_of_recommending(client):
    page = client.get("/wizard/?a=log&a=cloudflare&a=520").content.decode()
    assert 'It is <a href="/codes/520/">520 Web Server Returns an Unknown Error</a>, used by Cloudflare' in page
    assert "<h1>What does this code mean?</h1>" in page
    assert "Send <a" not in page
