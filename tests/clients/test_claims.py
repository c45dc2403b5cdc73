"""Guides cannot contradict the measurements: every claim in clients/content/claims.yaml is still
in its file and agrees with the shipped observations."""

from pathlib import Path

import pytest

from clients.claims import claim_problems, load_claims
from clients.content import parse_observations
from reference.rendering import cited_observations

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "clients" / "content" / "observations.yaml"


def content_files():
    return [
        *(ROOT / "reference/content/codes").glob("*.md"),
        *(ROOT / "comparisons/content/comparisons").glob("*.md"),
    ]


def shipped_observations():
    return parse_observations(SHIPPED.read_text(encoding="utf-8"), str(SHIPPED))[1]


def test_every_claim_about_a_measured_client_agrees_with_the_shipped_data():
    assert claim_problems(shipped_observations(), root=ROOT) == []


def test_claims_or_citations_cover_the_four_errors_the_review_found():
    cited = {key for claim in load_claims() for key in claim["observations"]}
    cited |= {key for path in content_files() for key in cited_observations(path.read_text(encoding="utf-8"))}
    assert {
        "requests/redirect/301/PUT",
        "curl-x/redirect/301/POST",
        "urllib3/retry-after-forcelist/500/GET",
        "urllib3/retry-after-seconds/503/GET",
    } <= cited


def test_a_claim_that_disagrees_with_a_measurement_fails_naming_the_file_and_case():
    observations = shipped_observations()
    for observation in observations:
        if (observation["client"], observation["scenario"], observation["code"], observation["method"]) == (
            "requests",
            "redirect",
            301,
            "PUT",
        ):
            observation["content_type_kept"] = True
    problems = claim_problems(observations, root=ROOT)
    assert any(
        p.startswith(
            "reference/content/codes/301.md says requests/redirect/301/PUT content_type_kept is False; measured True"
        )
        for p in problems
    )


def test_a_claim_whose_sentence_was_edited_away_fails(tmp_path):
    claims = [{"file": "301.md", "says": "requests leaves PUT alone", "observations": {}}]
    (tmp_path / "301.md").write_text("Python requests keeps PUT and drops the body.")
    assert claim_problems(shipped_observations(), claims=claims, root=tmp_path) == [
        "301.md no longer says: 'requests leaves PUT alone'"
    ]


@pytest.mark.parametrize(
    "old_claim",
    [
        "leaves PUT/PATCH/DELETE alone",
        "`-X POST -L` forces POST on every hop;",
        "but not on 500.",
    ],
)
def test_the_contradicted_sentences_are_gone(old_claim):
    texts = [path.read_text() for path in content_files()]
    assert not any(old_claim in text for text in texts)
