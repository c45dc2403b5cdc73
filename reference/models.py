"""Status codes: the facts, the guide and the FAQ, one row per code."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .rendering import bad_shorthands, cited_observations, linked_codes, markdown_problem, render_markdown

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


def markdown_field_errors(instance, fields, also_known=()):
    """{field: message} for each Markdown field the site would refuse to render or publish.

    Too long or too costly to render, a "[[" that is neither a whole [[nnn]] code link nor an
    [[obs:KEY]] citation, a [[nnn]] link to a code the site lacks, or a citation of an
    observation that was not measured.
    """
    errors = {}
    for name in fields:
        text = getattr(instance, name) or ""
        label = instance._meta.get_field(name).verbose_name
        problem = markdown_problem(text)
        if problem:
            errors[name] = f"{label.capitalize()} {problem}."
            continue
        bad = bad_shorthands(text)
        if bad and any(item.startswith("[[obs:") for item in bad):
            errors[name] = (
                "Cite a measurement as [[obs:client/scenario/code/method]] (a key from /api/clients/); "
                "this is not one: " + ", ".join(repr(item) for item in bad[:5])
            )
        elif bad:
            errors[name] = (
                "Write code links as [[404]] (three digits between double brackets); "
                "this is not one: " + ", ".join(repr(item) for item in bad[:5])
            )
    errors |= unmeasured_citation_errors(instance, [name for name in fields if name not in errors])
    linked = {name: linked_codes(getattr(instance, name)) for name in fields if name not in errors}
    wanted = set().union(*linked.values()) if linked else set()
    if not wanted:
        return errors
    known = set(StatusCode.objects.filter(code__in=wanted).values_list("code", flat=True)) | set(also_known)
    for name, codes in linked.items():
        missing = sorted(codes - known)
        if missing:
            errors[name] = "Links to codes this site has no page for: " + ", ".join(f"[[{c}]]" for c in missing)
    return errors


def unmeasured_citation_errors(instance, fields):
    """{field: message} for each field citing an observation that /clients/ does not have."""
    from clients.citations import unmeasured_citations  # clients/ reads this app's content, not the reverse

    texts = [
        (instance, name, getattr(instance, name)) for name in fields if cited_observations(getattr(instance, name))
    ]
    if not texts:
        return {}
    return {
        name: "Cites observations that were not measured (see /clients/ for the keys): "
        + ", ".join(f"[[obs:{key}]]" for key in keys)
        for (_, name), keys in unmeasured_citations(texts).items()
    }


unknown_code_links = markdown_field_errors  # the former name, for callers not yet renamed


# The guide's Markdown sources (pages show the HTML rendered from each on save), and both.
SOURCE_FIELDS = [name for name, _ in GUIDE_SECTIONS]
GUIDE_FIELDS = [f"{name}{suffix}" for name in SOURCE_FIELDS for suffix in ("", "_html")]


class StatusCodeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def without_guide(self):
        """Codes without the guide's sections (source and HTML, most of a row's bytes): for pages
        that link to codes or show their facts, such as the wizard's outcomes."""
        return self.defer(*GUIDE_FIELDS)

    def get_or_404(self, code):
        """The code among these, or a 404 that says plainly why there is no page for it."""
        found = self.filter(code=code).first()
        if found is None:
            raise Http404(StatusCode.missing_message(code))
        return found

    # /codes/?sort=: the orders the list offers, each ending on the code so ties stay stable.
    ORDERS = {
        "code": ("code",),
        "reason": ("reason", "code"),
        "standing": ("standing", "code"),
        "cacheable": ("-heuristically_cacheable", "code"),
    }

    def sorted_by(self, key):
        return self.order_by(*self.ORDERS[key])

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

    code = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(100), MaxValueValidator(599)])
    reason = models.CharField("reason phrase", max_length=100)
    former_reasons = models.JSONField(
        default=list,
        blank=True,
        help_text='Reason phrases earlier specifications used, newest first (413: "Payload Too Large"); '
        "people still search for them.",
    )
    standing = models.CharField(max_length=20, choices=Standing.choices, default=Standing.STANDARD)
    origin = models.CharField(
        max_length=100, blank=True, help_text="Non-standard codes only: who emits it (nginx, Cloudflare, ...)."
    )
    client_saw = models.CharField(
        "what the client saw",
        max_length=300,
        blank=True,
        help_text="Codes that only appear in logs (nginx 499, 444): what the client received instead. "
        "Leave empty for codes sent on the wire.",
    )
    spec_document = models.CharField(max_length=200, help_text="Defining document, e.g. RFC 9110.")
    spec_section = models.CharField(max_length=50, blank=True, help_text='Section, e.g. "15.4.2".')
    spec_url = models.URLField(max_length=300, help_text="Deep link to the section.")
    summary = models.CharField(max_length=300, help_text="One sentence; also the page's meta description.")

    heuristically_cacheable = models.BooleanField(
        default=False,
        help_text="Cacheable by default without explicit freshness (RFC 9110 §15.1 and the code's own spec).",
    )
    redirect_permanent = models.BooleanField(
        null=True, blank=True, help_text="Redirects only: permanent (yes) or temporary (no); empty otherwise."
    )
    redirect_method = models.CharField(
        max_length=20,
        choices=RedirectMethod.choices,
        blank=True,
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
            models.CheckConstraint(condition=models.Q(code__gte=100, code__lte=599), name="status_code_in_range"),
        ]

    def __str__(self):
        return f"{self.code} {self.reason}"

    def get_absolute_url(self):
        return reverse("reference:code-detail", args=[self.code])

    def get_preview_url(self):
        return reverse("reference:code-preview", args=[self.code])

    def render_markdown_fields(self):
        for name, _ in GUIDE_SECTIONS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))

    def save(self, *args, **kwargs):
        self.render_markdown_fields()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.standing == self.Standing.NON_STANDARD and not self.origin:
            errors["origin"] = "A non-standard code must name its origin (nginx, Cloudflare, ...)."
        if self.standing != self.Standing.NON_STANDARD and self.origin:
            errors["origin"] = "Only non-standard codes have an origin."
        if self.client_saw and not self.origin:
            errors["client_saw"] = "Only non-standard codes that their origin logs (nginx 499) have this."
        if (self.redirect_permanent is None) != (not self.redirect_method):
            errors["redirect_method"] = "A redirect needs both permanence and method; other codes neither."
        if self.published:
            for name in REQUIRED_SECTIONS:
                if not getattr(self, name).strip():
                    errors[name] = "Required before the code can be published (untick Published to save a draft)."
        errors.update(markdown_field_errors(self, [name for name, _ in GUIDE_SECTIONS], also_known={self.code}))
        if errors:
            raise ValidationError(errors)

    @classmethod
    def missing_message(cls, code):
        """Why a number in 100-599 has no page: unassigned, or a draft not yet published."""
        if cls.objects.filter(code=code).exists():
            return f"The page for {code} is not published yet."
        return (
            f"{code} is unassigned: the IANA status code registry has no entry for it, and it is not "
            "one of the unofficial codes (nginx, Cloudflare, AWS, IIS) that this reference covers."
        )

    # Facts derived from the code number: one place, read by pages, API and wizard.
    @property
    def class_digit(self):
        return self.code // 100

    @property
    def status_class(self):
        return f"{self.class_digit}xx"

    @property
    def display_reason(self):
        """The reason as people know it: a placeholder such as 418's "(Unused)" follows its famous name."""
        if self.reason.startswith("(") and self.former_reasons:
            return f"{self.former_reasons[0]} {self.reason}"
        return self.reason

    @property
    def formerly(self):
        """Former names still worth showing: those not already in the heading."""
        return [name for name in self.former_reasons if name not in self.display_reason]

    @property
    def title(self):
        return f"{self.code} {self.display_reason}"

    @property
    def is_log_only(self):
        """Codes such as nginx's 499 are written to logs and never sent to a client."""
        return bool(self.client_saw)

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

    def facts(self):
        """The facts panel, as [{key, label, text, url, headers}]; log-only codes swap wire facts
        (body, caching, redirect) for who logs them and what the client saw."""
        facts = [
            {"key": "class", "label": "Class", "text": f"{self.status_class} {self.class_name}", "url": self.class_url},
            {
                "key": "standing",
                "label": "Standing",
                "text": self.get_standing_display() + (f" ({self.origin})" if self.origin else ""),
            },
            {"key": "spec", "label": "Defined in", "text": self.spec_citation, "url": self.spec_url},
        ]
        if self.is_log_only:
            return facts + [
                {"key": "sent", "label": "Sent to the client", "text": f"Never: only {self.origin} logs it"},
                {"key": "client_saw", "label": "The client saw instead", "text": self.client_saw},
            ]
        if self.is_redirect:
            redirect = (
                ("Permanent" if self.redirect_permanent else "Temporary") + "; " + self.get_redirect_method_display()
            )
        else:
            redirect = "No"
        return facts + [
            {
                "key": "cacheable",
                "label": "Cacheable by default",
                "text": "Yes (heuristically cacheable)"
                if self.heuristically_cacheable
                else "No: needs explicit freshness or Cache-Control: public",
            },
            {"key": "redirect", "label": "Redirect", "text": redirect},
            {"key": "body", "label": "Body", "text": "Allowed" if self.body_allowed else "None (no content)"},
            {
                "key": "headers",
                "label": "Headers",
                "text": "" if self.headers else "None specific",
                "headers": list(self.headers),
            },
        ]

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
            "former_reasons": list(self.former_reasons),
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
        errors = markdown_field_errors(self, ["answer"])
        if errors:
            raise ValidationError(errors)


class FAQEntry(AbstractFAQEntry):
    """A question shown at the foot of a code page."""

    status_code = models.ForeignKey(StatusCode, on_delete=models.CASCADE, related_name="faq")
    history = HistoricalRecords(excluded_fields=["answer_html"])

    class Meta(AbstractFAQEntry.Meta):
        pass
