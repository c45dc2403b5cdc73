"""Eight more pairs people search for (issue 17), which take the site past 90 comparisons.

They render like the curated pairs, cite the RFC section of each standard code, and a pair with a
vendor's own code cites that vendor, reusing the checks written for the second half of the pairs.
"""

import pytest

from comparisons.models import Comparison

from .test_issue17_pairs_b import (
    test_pair_cites_the_rfc_sections_of_its_standard_codes as assert_cites_rfc_sections,
)
from .test_issue17_pairs_b import (
    test_pair_page_renders_every_row_section_and_faq as assert_renders,
)
from .test_issue17_pairs_b import (
    test_vendor_pair_cites_the_vendors_own_documentation as assert_cites_vendor,
)

pytestmark = pytest.mark.django_db

PAIRS_C = [
    "204-vs-404",
    "304-vs-412",
    "403-vs-429",
    "404-vs-405",
    "408-vs-499",
    "500-vs-520",
    "502-vs-522",
    "503-vs-521",
]
VENDOR_PAIRS_C = ["408-vs-499", "500-vs-520", "502-vs-522", "503-vs-521"]


def test_at_least_90_comparisons_are_published():
    """The coverage goal of issue 17: the site compares at least 90 pairs, all of them public."""
    assert Comparison.objects.published().count() >= 90


def test_every_pair_of_this_set_is_published():
    published = set(Comparison.objects.published().values_list("slug", flat=True))
    assert sorted(set(PAIRS_C) - published) == []


@pytest.mark.parametrize("slug", PAIRS_C)
def test_pair_page_renders_every_row_section_and_faq(client, slug):
    assert_renders(client, slug)


@pytest.mark.parametrize("slug", PAIRS_C)
def test_pair_cites_the_rfc_sections_of_its_standard_codes(slug):
    assert_cites_rfc_sections(slug)


@pytest.mark.parametrize("slug", VENDOR_PAIRS_C)
def test_vendor_pair_cites_the_vendors_own_documentation(slug):
    assert_cites_vendor(slug)
