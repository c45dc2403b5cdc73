"""Status codes: the facts, the guide and the FAQ, one row per code."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .rendering import linked_codes, render_markdown

# The guide's aspects, in page order: (field name, heading). Code pages, the
# comparison table, the loader and the admin all read this one list.
ASPECTS = [
    ("definition", "Definition"),
    ("plain_summary", "Plain-language summary"),
    ("when_to_use", "When to use"),
    ("client_behaviour", "Client behaviour"),
    ("caching", "Caching behaviour"),
    ("seo_impact", "SEO / crawler impact"),
    ("api_impact", "API / backend impact"),
    ("retry", "Safe to retry"),
]
# Further guide sections a code page shows after the aspects.
EXTRA_SECTIONS = [
    ("scenarios", "Real-world scenarios"),
    ("example", "Example exchange"),
    ("how_to_send", "How to send it"),
]
GUIDE_SECTIONS = ASPECTS + EXTRA_SECTIONS
REQUIRED_SECTIONS = [name for name, _ in ASPECTS] + ["scenarios"]

ASPECT_HELP = {
    "definition": "What the specification says the code means, in our words, with the section cited.",
    "plain_summary": "For someone who just saw the code in a log: what happened, in plain words.",
    "when_to_use": "When to send it and when not, naming the code to use instead.",
    "client_behaviour": "What browsers, HTTP libraries (curl, requests, fetch) and crawlers do with it.",
    "caching": "What RFC 9111 lets caches do by default and with explicit headers.",
    "seo_impact": "How search engine crawlers treat it (indexing, canonical signals, crawl rate).",
    "api_impact": "What it means for API clients and backend code.",
    "retry": "Whether a client may retry, how (idempotency, Retry-After), and how to diagnose it.",
    "scenarios": "At least two concrete situations, e.g. what it looks like in access logs.",
    "example": "Optional: a raw request and response in a ```http fenced block.",
    "how_to_send": "Optional: short snippets for Django, Flask/FastAPI, Express, Go, nginx.",
}
MARKDOWN_HELP = " Markdown; [[404]] links to that code's page."
ALIASES_HELP = (
    "What people type for this in a search box and the text may not say: log messages, exception names, "
    "old reason phrases, common phrasings. Search only; pages do not show them."
)


def unknown_code_links(instance, fields, also_known=()):
    """{field: message} for each Markdown field that links [[nnn]] to a code the site lacks."""
    linked = {name: linked_codes(getattr(instance, name)) for name in fields}
    wanted = set().union(*linked.values())
    if not wanted:
        return {}
    known = set(StatusCode.objects.filter(code__in=wanted).values_list("code", flat=True)) | set(also_known)
    errors = {}
    for name, codes in linked.items():
        missing = sorted(codes - known)
        if missing:
            errors[name] = "Links to codes this site has no page for: " + ", ".join(f"[[{c}]]" for c in missing)
    return errors


class StatusCodeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def by_class(self, status_class):
        """Codes of one class, given as 3 or "3xx"."""
        digit = int(str(status_class)[0])
        return self.filter(code__gte=digit * 100, code__lt=digit * 100 + 100)


class StatusCode(models.Model):
    class Standing(models.TextChoices):
        STANDARD = "standard", "Standard"
        DEPRECATED = "deprecated", "Deprecated"
        UNUSED = "unused", "Unused"
        OBSOLETED = "obsoleted", "Obsoleted"
        TEMPORARY = "temporary", "Temporary registration"
        NON_STANDARD = "non-standard", "Non-standard"

    class RedirectMethod(models.TextChoices):
        MAY_CHANGE_TO_GET = "may-change-to-get", "POST may become GET"
        CHANGES_TO_GET = "changes-to-get", "method changes to GET"
        PRESERVED = "preserved", "method preserved"

    CLASS_NAMES = {
        1: "Informational",
        2: "Successful",
        3: "Redirection",
        4: "Client error",
        5: "Server error",
    }

    code = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(100), MaxValueValidator(599)]
    )
    reason = models.CharField("reason phrase", max_length=100)
    standing = models.CharField(max_length=20, choices=Standing.choices, default=Standing.STANDARD)
    origin = models.CharField(
        max_length=100, blank=True, help_text="Non-standard codes only: who emits it (nginx, Cloudflare, ...)."
    )
    spec_document = models.CharField(max_length=200, help_text="Defining document, e.g. RFC 9110.")
    spec_section = models.CharField(max_length=50, blank=True, help_text='Section, e.g. "15.4.2".')
    spec_url = models.URLField(max_length=300, help_text="Deep link to the section.")
    summary = models.CharField(
        max_length=300, help_text="One sentence; also the page's meta description."
    )

    heuristically_cacheable = models.BooleanField(
        default=False,
        help_text="Cacheable by default without explicit freshness (RFC 9110 §15.1 and the code's own spec).",
    )
    redirect_permanent = models.BooleanField(
        null=True, blank=True, help_text="Redirects only: permanent (yes) or temporary (no); empty otherwise."
    )
    redirect_method = models.CharField(
        max_length=20, choices=RedirectMethod.choices, blank=True,
        help_text="Redirects only: what happens to the request method.",
    )
    body_allowed = models.BooleanField(default=True, help_text="False for 1xx, 204, 205 and 304.")
    headers = models.JSONField(default=list, blank=True, help_text="Header fields that go with this code.")
    related = models.ManyToManyField("self", symmetrical=False, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text=ALIASES_HELP)

    published = models.BooleanField(default=True, help_text="Drafts are hidden from the public.")
    updated_at = models.DateTimeField(auto_now=True)

    definition = models.TextField(blank=True, help_text=ASPECT_HELP["definition"] + MARKDOWN_HELP)
    plain_summary = models.TextField(blank=True, help_text=ASPECT_HELP["plain_summary"] + MARKDOWN_HELP)
    when_to_use = models.TextField(blank=True, help_text=ASPECT_HELP["when_to_use"] + MARKDOWN_HELP)
    client_behaviour = models.TextField(blank=True, help_text=ASPECT_HELP["client_behaviour"] + MARKDOWN_HELP)
    caching = models.TextField(blank=True, help_text=ASPECT_HELP["caching"] + MARKDOWN_HELP)
    seo_impact = models.TextField(blank=True, help_text=ASPECT_HELP["seo_impact"] + MARKDOWN_HELP)
    api_impact = models.TextField(blank=True, help_text=ASPECT_HELP["api_impact"] + MARKDOWN_HELP)
    retry = models.TextField(blank=True, help_text=ASPECT_HELP["retry"] + MARKDOWN_HELP)
    scenarios = models.TextField(blank=True, help_text=ASPECT_HELP["scenarios"] + MARKDOWN_HELP)
    example = models.TextField(blank=True, help_text=ASPECT_HELP["example"] + MARKDOWN_HELP)
    how_to_send = models.TextField(blank=True, help_text=ASPECT_HELP["how_to_send"] + MARKDOWN_HELP)

    # Rendered, sanitized HTML of each Markdown field, written by save().
    definition_html = models.TextField(editable=False, default="")
    plain_summary_html = models.TextField(editable=False, default="")
    when_to_use_html = models.TextField(editable=False, default="")
    client_behaviour_html = models.TextField(editable=False, default="")
    caching_html = models.TextField(editable=False, default="")
    seo_impact_html = models.TextField(editable=False, default="")
    api_impact_html = models.TextField(editable=False, default="")
    retry_html = models.TextField(editable=False, default="")
    scenarios_html = models.TextField(editable=False, default="")
    example_html = models.TextField(editable=False, default="")
    how_to_send_html = models.TextField(editable=False, default="")

    objects = StatusCodeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[f"{name}_html" for name, _ in GUIDE_SECTIONS])

    class Meta:
        ordering = ["code"]
        verbose_name = "status code"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__gte=100, code__lte=599), name="status_code_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.reason}"

    def get_absolute_url(self):
        return reverse("reference:code-detail", args=[self.code])

    def get_preview_url(self):
        return reverse("reference:code-preview", args=[self.code])

    def save(self, *args, **kwargs):
        for name, _ in GUIDE_SECTIONS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.standing == self.Standing.NON_STANDARD and not self.origin:
            errors["origin"] = "A non-standard code must name its origin (nginx, Cloudflare, ...)."
        if self.standing != self.Standing.NON_STANDARD and self.origin:
            errors["origin"] = "Only non-standard codes have an origin."
        if (self.redirect_permanent is None) != (not self.redirect_method):
            errors["redirect_method"] = "A redirect needs both permanence and method; other codes neither."
        if self.published:
            for name in REQUIRED_SECTIONS:
                if not getattr(self, name).strip():
                    errors[name] = "Required before the code can be published (untick Published to save a draft)."
        errors.update(unknown_code_links(self, [name for name, _ in GUIDE_SECTIONS], also_known={self.code}))
        if errors:
            raise ValidationError(errors)

    # Facts derived from the code number: one place, read by pages, API and wizard.
    @property
    def class_digit(self):
        return self.code // 100

    @property
    def status_class(self):
        return f"{self.class_digit}xx"

    @property
    def title(self):
        return f"{self.code} {self.reason}"

    @property
    def class_url(self):
        return reverse("reference:class-list", args=[self.class_digit])

    @property
    def class_name(self):
        return self.CLASS_NAMES[self.class_digit]

    @property
    def is_redirect(self):
        return bool(self.redirect_method)

    @property
    def spec_citation(self):
        if self.spec_section:
            return f"{self.spec_document} §{self.spec_section}"
        return self.spec_document

    def guide_sections(self):
        """(name, heading, html) of each non-empty guide section, in page order."""
        return [
            (name, heading, getattr(self, f"{name}_html"))
            for name, heading in GUIDE_SECTIONS
            if getattr(self, f"{name}_html")
        ]

    def redirect_as_json(self):
        if not self.is_redirect:
            return None
        return {"permanent": self.redirect_permanent, "method": self.redirect_method}

    def as_json(self, comparison_urls=()):
        return {
            "code": self.code,
            "reason": self.reason,
            "class": self.status_class,
            "url": self.get_absolute_url(),
            "standing": self.standing,
            "origin": self.origin or None,
            "spec": {"document": self.spec_document, "section": self.spec_section, "url": self.spec_url},
            "summary": self.summary,
            "heuristically_cacheable": self.heuristically_cacheable,
            "redirect": self.redirect_as_json(),
            "body_allowed": self.body_allowed,
            "headers": list(self.headers),
            "comparisons": list(comparison_urls),
        }


class AbstractFAQEntry(models.Model):
    """A question and its Markdown answer; code pages and comparisons both have them."""

    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown; [[404]] links to that code's page.")
    answer_html = models.TextField(editable=False, default="")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        self.answer_html = render_markdown(self.answer)
        super().save(*args, **kwargs)

    def clean(self):
        errors = unknown_code_links(self, ["answer"])
        if errors:
            raise ValidationError(errors)


class FAQEntry(AbstractFAQEntry):
    """A question shown at the foot of a code page."""

    status_code = models.ForeignKey(StatusCode, on_delete=models.CASCADE, related_name="faq")
    history = HistoricalRecords(excluded_fields=["answer_html"])

    class Meta(AbstractFAQEntry.Meta):
        pass
