"""The pages readers can report on, and the sections of each (their anchors on the page)."""

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.urls import Resolver404, resolve

from comparisons.models import SECTIONS, Comparison
from reference.models import StatusCode
from wizard.models import PathError, walk

OTHER = ("other", "Something else on the page")


@dataclass
class ReportedPage:
    path: str
    title: str
    sections: list  # [(anchor, heading)]


def code_sections(code):
    sections = [("facts", "Facts panel")] + [(name, heading) for name, heading, _ in code.guide_sections()]
    return sections + [("faq", "FAQ"), OTHER]


def comparison_sections(comparison):
    anchors = {"intro": "why", "scenarios_a": "scenarios", "scenarios_b": "scenarios", "decision_rule": "decision-rule"}
    headings = [(anchors.get(name, name), comparison.section_heading(name)) for name, _ in SECTIONS]
    sections = headings[:2] + [("side-by-side", "Side by side")] + headings[2:]
    return [("facts", "Facts panels")] + sections + [("faq", "FAQ"), OTHER]


WIZARD_SECTIONS = [("result-h", "The recommended code and its reason"), ("path-h", "A question or an answer"), OTHER]


def sections_for(obj):
    """The report form's sections for what a page shows: a code, a comparison or a wizard walk."""
    if isinstance(obj, StatusCode):
        return code_sections(obj)
    if isinstance(obj, Comparison):
        return comparison_sections(obj)
    return WIZARD_SECTIONS


def describe(path):
    """The published page at `path` that readers may report on, or None."""
    if not path.startswith("/") or len(path) > 300:
        return None
    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name == "reference:code-detail":
        code = StatusCode.objects.published().filter(code=int(match.kwargs["code"])).first()
        return code and ReportedPage(code.get_absolute_url(), code.title, code_sections(code))
    if match.view_name == "comparisons:detail":
        slug = Comparison.slug_for(int(match.kwargs["first"]), int(match.kwargs["second"]))
        comparison = Comparison.objects.published().with_codes().filter(slug=slug).first()
        return comparison and ReportedPage(
            comparison.get_absolute_url(), comparison.title, comparison_sections(comparison)
        )
    if match.view_name == "wizard:wizard":
        keys = parse_qs(parts.query).get("a", [])
        try:
            result = walk(keys)
        except PathError:
            return None
        if result.outcome is None:
            return None
        query = "&".join(f"a={key}" for key in result.keys)
        return ReportedPage(f"/wizard/?{query}", f"Wizard result: {result.outcome.outcome.title}", WIZARD_SECTIONS)
    return None
