"""The second half of errorlookup-site's pairs and the vendor pairs people meet in logs (issue 17).

Each page must render like the curated pairs do, and a pair with a vendor's own code must cite
that vendor's documentation or source, because the pair explains the vendor's behaviour.
"""

import re

import pytest

from comparisons.models import Comparison

from .test_comparisons import test_every_curated_comparison_renders_all_rows_and_faq as assert_renders

pytestmark = pytest.mark.django_db

ERRORLOOKUP_PAIRS_B = [
    "400-vs-409",
    "400-vs-431",
    "401-vs-404",
    "401-vs-511",
    "403-vs-405",
    "403-vs-451",
    "404-vs-451",
    "411-vs-413",
    "413-vs-414",
    "413-vs-431",
    "413-vs-507",
    "415-vs-422",
    "421-vs-503",
    "422-vs-424",
    "425-vs-429",
    "426-vs-505",
    "500-vs-508",
    "501-vs-510",
]

VENDOR_PAIRS = [
    "444-vs-499",
    "520-vs-521",
    "521-vs-522",
    "522-vs-524",
    "504-vs-524",
    "525-vs-526",
    "460-vs-499",
    "495-vs-496",
    "400-vs-494",
    "400-vs-497",
    "401-vs-419",
    "403-vs-419",
    "503-vs-529",
    "401-vs-440",
]

# Where each origin of a non-standard code documents it (StatusCode.origin -> link prefixes).
VENDOR_SOURCES = {
    "nginx": ("https://nginx.org/", "https://github.com/nginx/nginx/"),
    "Cloudflare": ("https://developers.cloudflare.com/",),
    "AWS": ("https://docs.aws.amazon.com/",),
    "Laravel": ("https://laravel.com/", "https://github.com/laravel/"),
    "Microsoft": ("https://technet.microsoft.com/", "https://learn.microsoft.com/"),
    "SSL Labs": ("https://github.com/ssllabs/",),
}

SECTIONS = ("intro", "differences", "scenarios_a", "scenarios_b", "decision_rule", "mistake")


def page_links(comparison):
    html = "".join(getattr(comparison, f"{name}_html") for name in SECTIONS)
    html += "".join(entry.answer_html for entry in comparison.faq.all())
    return re.findall(r'href="(https://[^"]+)"', html)


def test_every_pair_of_this_half_is_published():
    published = set(Comparison.objects.published().values_list("slug", flat=True))
    assert sorted(set(ERRORLOOKUP_PAIRS_B + VENDOR_PAIRS) - published) == []


@pytest.mark.parametrize("slug", ERRORLOOKUP_PAIRS_B + VENDOR_PAIRS)
def test_pair_page_renders_every_row_section_and_faq(client, slug):
    assert_renders(client, slug)


@pytest.mark.parametrize("slug", ERRORLOOKUP_PAIRS_B + VENDOR_PAIRS)
def test_pair_cites_the_rfc_sections_of_its_standard_codes(slug):
    comparison = Comparison.objects.with_codes().get(slug=slug)
    links = page_links(comparison)
    for code in comparison.codes:
        if code.standing != "non-standard":
            assert code.spec_url in links, f"{slug}: no link to {code.code}'s definition {code.spec_url}"


@pytest.mark.parametrize("slug", VENDOR_PAIRS)
def test_vendor_pair_cites_the_vendors_own_documentation(slug):
    comparison = Comparison.objects.with_codes().get(slug=slug)
    links = page_links(comparison)
    vendors = [code for code in comparison.codes if code.standing == "non-standard"]
    assert vendors, f"{slug} has no vendor code"
    for code in vendors:
        prefixes = tuple(p for name, ps in VENDOR_SOURCES.items() if name in code.origin for p in ps)
        assert prefixes, f"{code.code}: no known documentation for origin {code.origin!r}"
        assert any(link.startswith(prefixes) for link in links), f"{slug}: nothing from {code.origin}"
