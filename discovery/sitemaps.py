from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as BaseSitemap

from authoring.models import ContentRevision
from comparisons.models import Comparison
from errors.models import ErrorGuide
from reference.models import StatusCode


class Sitemap(BaseSitemap):
    """Locations on the configured SITE_URL, never on the request's Host."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StatusCodeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return StatusCode.objects.published().only("code", "updated_at")

    def lastmod(self, code):
        return code.updated_at


class ComparisonSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Comparison.objects.published().as_links()

    def lastmod(self, comparison):
        return comparison.updated_at


class PageSitemap(Sitemap):
    """The index pages; they change whenever any content does."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        classes = sorted({code // 100 for code in StatusCode.objects.published().values_list("code", flat=True)})
        return [
            "/",
            "/codes/",
            "/compare/",
            "/wizard/",
            "/wizard/diagram/",
            "/lab/redirects/",
            "/clients/",
            "/codes/cheatsheet/",
            "/inspect/",
            "/inspect/logs/",
            "/errors/",
        ] + [f"/codes/{digit}xx/" for digit in classes]

    def location(self, path):
        return path

    def lastmod(self, path):
        return ContentRevision.current().changed_at


class ErrorGuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return ErrorGuide.objects.published().only("slug", "updated_at")

    def lastmod(self, guide):
        return guide.updated_at


SITEMAPS = {"pages": PageSitemap, "codes": StatusCodeSitemap, "comparisons": ComparisonSitemap}
SITEMAPS["errors"] = ErrorGuideSitemap
