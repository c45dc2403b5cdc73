"""Sentences in the guides about what a measured client does, checked against the observations.

clients/content/claims.yaml ties each sentence (quoted from its content file) to the observations
it asserts. A claim fails when its sentence is no longer in the file, when an observation it cites
was not measured, or when a measured field differs from what the sentence says.
"""

import re
from pathlib import Path

import yaml
from django.conf import settings

from .content import KEY_FIELDS

WHITESPACE = re.compile(r"\s+")
LINK = r"\[[^\]]*\]\([^)\s]*\)"
# Citations added to a sentence do not change what it says: "(since 7.66.0; [curl manual](...))"
# reads as "(since 7.66.0)", "[`--retry`](...)" as "`--retry`", a parenthesis of links as nothing.
CITATIONS = [
    (re.compile(rf"\s*\((?:{LINK}(?:,\s*)?)+\)"), ""),
    (re.compile(rf"[;,]\s*{LINK}"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)\s]*\)"), r"\1"),
]


def prose(text):
    """The words of a Markdown text, citations and line breaks aside, for finding a quoted sentence."""
    for pattern, replacement in CITATIONS:
        text = pattern.sub(replacement, text)
    return WHITESPACE.sub(" ", text)


def claims_path():
    return Path(settings.CONTENT_DIR) / "clients" / "content" / "claims.yaml"


def load_claims(path=None):
    return yaml.safe_load((path or claims_path()).read_text(encoding="utf-8"))


def observation_key(observation):
    return "/".join(str(observation[name]) for name in KEY_FIELDS)


def claim_problems(observations, claims=None, root=None):
    """Sentences naming every claim that its file or the observations no longer support."""
    root = Path(root or settings.CONTENT_DIR)
    by_key = {observation_key(o): o for o in observations}
    problems = []
    for claim in claims if claims is not None else load_claims():
        text = prose((root / claim["file"]).read_text(encoding="utf-8"))
        if prose(claim["says"]) not in text:
            problems.append(f"{claim['file']} no longer says: {claim['says']!r}")
        for key, expected in claim["observations"].items():
            measured = by_key.get(key)
            if measured is None:
                problems.append(f"{claim['file']} cites {key}, which was not measured")
                continue
            for field, value in expected.items():
                if measured.get(field) != value:
                    problems.append(
                        f"{claim['file']} says {key} {field} is {value!r}; measured {measured.get(field)!r}: "
                        f"{claim['says']!r}"
                    )
    return problems
