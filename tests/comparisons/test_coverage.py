"""Coverage and sourcing: every pair the site promises is shipped, and vendor claims carry a source.

The promised pairs live in comparisons/content/required_pairs.yaml (issue 17: every pair
errorlookup-site compares, plus the vendor pairs seen in logs), so the list is data, not test code.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings

from comparisons.models import SECTIONS, Comparison
from reference.models import GUIDE_SECTIONS, StatusCode

pytestmark = pytest.mark.django_db

REQUIRED = yaml.safe_load(
    (Path(settings.BASE_DIR) / "comparisons/content/required_pairs.yaml").read_text(encoding="utf-8")
)

# Vendors, browsers, frameworks and client libraries whose behaviour our pages describe. A section
# naming one makes a claim about it, and that claim needs a link to its docs or source.
VENDORS = {
    "nginx": r"\bnginx\b",
    "Cloudflare": r"\bCloudflare\b",
    "CloudFront": r"\bCloudFront\b",
    "AWS": r"\bAWS\b",
    "Google": r"\bGoogle(bot)?\b",
    "Chrome/Chromium": r"\bChrom(e|ium)\b",
    "Firefox": r"\bFirefox\b",
    "Safari": r"\bSafari\b",
    "curl": r"\bcurl\b",
    "requests": r"`requests`|\bpython-requests\b",
    "urllib3": r"\burllib3\b",
    "httpx": r"\bhttpx\b",
    "axios": r"\baxios\b",
    "Go net/http": r"\bnet/http\b",
    "Django": r"\bDjango\b",
    "Laravel": r"\bLaravel\b",
    "Rails": r"\bRails\b",
    "Express": r"\bExpress\b",
    "Spring": r"\bSpring\b",
    "ASP.NET": r"\bASP\.NET\b",
    "Apache": r"\bApache\b",
    "IIS": r"\bIIS\b",
    "Fastly": r"\bFastly\b",
    "Akamai": r"\bAkamai\b",
}
VENDOR_RE = {
    name: re.compile(pattern, re.IGNORECASE if name in {"nginx", "curl"} else 0) for name, pattern in VENDORS.items()
}
FENCED_BLOCK = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
LINK_URL = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")
BACKLOG_FILE = Path(settings.BASE_DIR) / "comparisons/content/unsourced_backlog.txt"
# Links to the specifications source protocol facts, not what a product does.
SPEC_HOSTS = {"www.rfc-editor.org", "rfc-editor.org", "datatracker.ietf.org", "www.iana.org", "httpwg.org"}


def test_every_pair_errorlookup_site_compares_is_published():
    published = set(Comparison.objects.published().values_list("slug", flat=True))
    missing = [slug for slug in REQUIRED["errorlookup_pairs"] if slug not in published]
    assert len(REQUIRED["errorlookup_pairs"]) == 37
    assert missing == []


def test_every_vendor_pair_is_published():
    published = set(Comparison.objects.published().values_list("slug", flat=True))
    missing = [slug for slug in REQUIRED["vendor_pairs"] if slug not in published]
    assert len(REQUIRED["vendor_pairs"]) == 14
    assert missing == []


def test_required_pairs_are_canonical_slugs_of_shipped_codes():
    shipped = set(StatusCode.objects.values_list("code", flat=True))
    for slug in REQUIRED["errorlookup_pairs"] + REQUIRED["vendor_pairs"]:
        low, high = (int(number) for number in slug.split("-vs-"))
        assert low < high and {low, high} <= shipped, slug


def vendors_named(text):
    prose = FENCED_BLOCK.sub("", text)
    return [name for name, pattern in VENDOR_RE.items() if pattern.search(prose)]


def has_source_link(text):
    hosts = {urlsplit(a or b).hostname for a, b in LINK_URL.findall(text)}
    return bool(hosts - SPEC_HOSTS)


def content_sections():
    """(where, text) for every prose section of every code guide and comparison, FAQ answers included."""
    for code in StatusCode.objects.prefetch_related("faq"):
        for name, _ in GUIDE_SECTIONS:
            yield f"codes/{code.code}.md: {name}", getattr(code, name)
        for entry in code.faq.all():
            yield f"codes/{code.code}.md: FAQ {entry.question!r}", entry.answer
    for comparison in Comparison.objects.prefetch_related("faq", "overrides"):
        for name, _ in SECTIONS:
            yield f"comparisons/{comparison.slug}.md: {name}", getattr(comparison, name)
        for entry in comparison.faq.all():
            yield f"comparisons/{comparison.slug}.md: FAQ {entry.question!r}", entry.answer
        for override in comparison.overrides.all():
            yield f"comparisons/{comparison.slug}.md: cell {override.aspect} {override.side}", override.text


def test_vendor_detection_reads_prose_not_code_or_common_words():
    assert vendors_named("nginx's `limit_req` answers 503.") == ["nginx"]
    assert vendors_named('```text\n"GET / HTTP/1.1" 200 - "curl/8.5.0"\n```\nToo many requests.') == []
    assert vendors_named("Python `requests` drops the header.") == ["requests"]
    assert has_source_link("See [the docs](https://nginx.org/en/docs/http/ngx_http_limit_req_module.html).")
    assert not has_source_link("See [RFC 9110 §15.4.2](https://www.rfc-editor.org/rfc/rfc9110#section-15.4.2).")
    assert not has_source_link("See [[404]].")


def unsourced_sections():
    return {
        where: names
        for where, text in content_sections()
        if (names := vendors_named(text)) and not has_source_link(text)
    }


def test_no_section_names_a_vendor_without_a_source_link_beyond_the_backlog():
    """A claim about a product is checked against that product's docs or code; the link shows where.

    Sections written before this rule are listed in BACKLOG_FILE until someone sources them; the
    list may only shrink: a new unsourced section fails, and so does a listed one that is now sourced.
    """
    unsourced = unsourced_sections()
    backlog = {
        line for line in BACKLOG_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    }
    new = [f"{where} names {', '.join(names)}" for where, names in unsourced.items() if where not in backlog]
    assert new == [], f"{len(new)} sections name a vendor without a source link:\n" + "\n".join(new)
    sourced_now = sorted(backlog - set(unsourced))
    assert sourced_now == [], "sourced (or gone) now, remove them from the backlog file:\n" + "\n".join(sourced_now)


CACHEABLE_PHRASE = re.compile(r"heuristically cacheable|cacheable by default")
NEGATION = re.compile(r"\b(not|isn't|aren't|never|no|neither)\b")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
CODE_REF = re.compile(r"(?<![0-9.§])\b([1-5][0-9]{2})\b(?!\.?[0-9])")


def pair_cacheability_claims(comparison):
    """(sentence, codes it is about, says cacheable?) for each sentence of the prose on default cacheability.

    A sentence is about one code of the pair when it names that code and no other status code, and
    about both when it names none and starts with "Both" or "Neither".
    """
    pair = {comparison.code_a.code, comparison.code_b.code}
    texts = [getattr(comparison, name) for name, _ in SECTIONS]
    texts += [entry.answer for entry in comparison.faq.all()] + [o.text for o in comparison.overrides.all()]
    for text in texts:
        prose = MARKDOWN_LINK.sub(r"\1", FENCED_BLOCK.sub("", text))
        for sentence in re.split(r"(?<=[.;:])\s+", prose):
            match = CACHEABLE_PHRASE.search(sentence)
            if not match:
                continue
            named = {int(n) for n in CODE_REF.findall(sentence)}
            before = sentence[: match.start()]
            if named and named <= pair and len(named) == 1:
                about = named
            elif not named and re.match(r"\W*(both|neither)\b", sentence, re.IGNORECASE):
                about = pair
            else:
                continue
            yield sentence, about, not NEGATION.search(before.lower())


def cacheability_disagreements(comparisons):
    facts = dict(StatusCode.objects.values_list("code", "heuristically_cacheable"))
    return [
        f"{comparison.slug}: {sentence!r}"
        for comparison in comparisons
        for sentence, about, says_cacheable in pair_cacheability_claims(comparison)
        if any(facts[code] != says_cacheable for code in about)
    ]


def test_comparison_prose_agrees_with_each_codes_cacheability_fact():
    """A comparison that calls one of its codes cacheable by default, or not, agrees with that code's facts panel."""
    comparisons = Comparison.objects.with_codes().prefetch_related("faq", "overrides")
    assert cacheability_disagreements(comparisons) == []


def test_a_wrong_cacheability_sentence_is_reported():
    """Wrong claims about one code or about both are caught; a sentence naming both codes is left alone."""
    comparison = Comparison.objects.create(
        code_a=StatusCode.objects.get(code=203),
        code_b=StatusCode.objects.get(code=226),
        title="T",
        gist="G",
        intro="A 226 is heuristically cacheable, like a 203.",
        differences="- **Caching.** A 203 is not "
        "heuristically cacheable ([RFC 9110 §15.1](https://www.rfc-editor.org/rfc/rfc9110#section-15.1)).",
        scenarios_a="a",
        scenarios_b="b",
        decision_rule="r",
        mistake="Neither is cacheable by default.",
    )
    assert cacheability_disagreements([comparison]) == [
        "203-vs-226: '- **Caching.** A 203 is not heuristically cacheable (RFC 9110 §15.1).'",
        "203-vs-226: 'Neither is cacheable by default.'",
    ]


def test_cacheability_claims_are_read_from_shipped_prose():
    comparison = Comparison.objects.get(slug="200-vs-202")
    claims = {(frozenset(about), says) for _, about, says in pair_cacheability_claims(comparison)}
    assert (frozenset({200}), True) in claims
