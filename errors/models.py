"""Guides to the errors people meet with no status code: browser net errors, TLS, DNS, curl."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reference.models import AbstractFAQEntry, StatusCode, unknown_code_links
from reference.rendering import render_markdown

MARKDOWN_HELP = " Markdown; [[404]] links to that code's page."
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WORD_RE = re.compile(r"[a-z0-9]+")
MAX_SEARCH_WORDS = 8

# A guide's prose sections, in page order: (field name, heading in the content file and on the page).
SECTIONS = [
    ("wire", "What happened on the wire"),
    ("status_codes", "Status codes involved"),
    ("diagnose", "How to diagnose"),
    ("fix", "How to fix"),
]
SECTION_HELP = {
    "wire": "The packets or handshake messages exchanged, and where the exchange stopped.",
    "status_codes": "Which responses, if any, arrived before the error; [[301]] links them.",
    "diagnose": "What DevTools, curl (with its exit code) and the server log show.",
    "fix": "What to change on the server, the proxy or the client.",
}


def slug_for(name):
    """The canonical slug of a name or a sloppy slug: ERR_CACHE_MISS -> err-cache-miss."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def slug_named_by(query):
    """The slug of the guide a search query names exactly, in any spelling (the first 100 characters)."""
    return slug_for(query[:100])


class ErrorGuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def named(self, query):
        """The guide a query names exactly, in any spelling: ERR_CACHE_MISS, err-cache-miss."""
        return self.filter(slug=slug_named_by(query))

    def matching(self, query):
        """Guides whose slug, name or summary contain every word of the query, for the site search.

        "curl 52", "err connection refused" and "Access-Control-Allow-Origin" all find their guide.
        """
        words = WORD_RE.findall(query[:100].lower())[:MAX_SEARCH_WORDS]
        if not words:
            return self.none()
        condition = models.Q()
        for word in words:
            condition &= (
                models.Q(slug__contains=word) | models.Q(name__icontains=word) | models.Q(summary__icontains=word)
            )
        return self.filter(condition)

    def with_codes(self):
        return self.prefetch_related(
            models.Prefetch("codes", queryset=StatusCode.objects.published().only("code", "reason"))
        )


class ErrorGuide(models.Model):
    class Category(models.TextChoices):
        NETWORK = "network", "Browser network errors"
        TLS = "tls", "TLS and certificates"
        DNS = "dns", "DNS"
        POLICY = "policy", "Browser security policies"
        CLIENT = "client", "Client libraries (curl)"

    slug = models.SlugField(unique=True, help_text="The URL part: err-too-many-redirects.")
    name = models.CharField(max_length=100, help_text="As the user sees it: ERR_TOO_MANY_REDIRECTS.")
    category = models.CharField(max_length=20, choices=Category.choices)
    summary = models.CharField(max_length=300, help_text="One sentence; also the meta description.")
    codes = models.ManyToManyField(
        StatusCode,
        blank=True,
        related_name="error_guides",
        help_text="Status codes involved; their pages link to this guide.",
    )
    wire = models.TextField("what happened on the wire", help_text=SECTION_HELP["wire"] + MARKDOWN_HELP)
    status_codes = models.TextField("status codes involved", help_text=SECTION_HELP["status_codes"] + MARKDOWN_HELP)
    diagnose = models.TextField("how to diagnose", help_text=SECTION_HELP["diagnose"] + MARKDOWN_HELP)
    fix = models.TextField("how to fix", help_text=SECTION_HELP["fix"] + MARKDOWN_HELP)
    published = models.BooleanField(default=True, help_text="Drafts are hidden from the public.")
    updated_at = models.DateTimeField(auto_now=True)

    wire_html = models.TextField(editable=False, default="")
    status_codes_html = models.TextField(editable=False, default="")
    diagnose_html = models.TextField(editable=False, default="")
    fix_html = models.TextField(editable=False, default="")

    objects = ErrorGuideQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[f"{name}_html" for name, _ in SECTIONS])

    class Meta:
        ordering = ["category", "name"]
        verbose_name = "error guide"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("errors:detail", args=[self.slug])

    def get_preview_url(self):
        return reverse("errors:preview", args=[self.slug])

    def clean(self):
        errors = unknown_code_links(self, [name for name, _ in SECTIONS])
        if self.slug and not SLUG_RE.match(self.slug):
            errors["slug"] = "Lower-case letters, digits and single hyphens, e.g. err-cache-miss."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        for name, _ in SECTIONS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))
        super().save(*args, **kwargs)

    def sections(self):
        """(name, heading, html) of each section, in page order."""
        return [(name, heading, getattr(self, f"{name}_html")) for name, heading in SECTIONS]

    def as_json(self, detail=False):
        """The public JSON (field names are a contract: add, never rename)."""
        data = {
            "slug": self.slug,
            "url": self.get_absolute_url(),
            "name": self.name,
            "category": self.category,
            "summary": self.summary,
            "codes": [code.code for code in self.codes.all()],
        }
        if detail:
            data["sections"] = {name: html for name, _, html in self.sections()}
            data["faq"] = [{"question": e.question, "answer_html": e.answer_html} for e in self.faq.all()]
        return data


class ErrorGuideFAQEntry(AbstractFAQEntry):
    guide = models.ForeignKey(ErrorGuide, on_delete=models.CASCADE, related_name="faq")
    history = HistoricalRecords(excluded_fields=["answer_html"])

    class Meta(AbstractFAQEntry.Meta):
        pass
