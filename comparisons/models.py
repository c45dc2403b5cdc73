"""Side-by-side comparisons of two status codes that people confuse."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from reference.models import (
    ALIASES_HELP,
    ASPECTS,
    AbstractFAQEntry,
    StatusCode,
    markdown_field_errors,
)
from reference.rendering import lead_html, render_markdown

MARKDOWN_HELP = " Markdown; [[404]] links to that code's page."

# Comparison prose sections: (field, heading in the content file with {a}/{b} for the codes).
SECTIONS = [
    ("intro", "Why they get confused"),
    ("differences", "Key differences"),
    ("scenarios_a", "When you see {a}"),
    ("scenarios_b", "When you see {b}"),
    ("decision_rule", "Decision rule"),
    ("mistake", "Frequent mistake"),
]


def aspect_rows(codes, overrides=None):
    """One row per aspect across `codes`: each cell's full HTML and its lead (a sentence or two)
    for the side-by-side table. `overrides` maps (aspect, index of the code) to a pair's own HTML."""
    overrides = overrides or {}
    rows = []
    for name, heading in ASPECTS:
        cells = []
        for index, code in enumerate(codes):
            html = overrides.get((name, index)) or getattr(code, f"{name}_html")
            cells.append({"code": code, "html": html, "lead": lead_html(html), "for_pair": (name, index) in overrides})
        rows.append({"name": name, "heading": heading, "cells": cells})
    return rows


def fact_rows(codes):
    """The codes' facts aligned row by row; a fact one code lacks (log-only codes have no body
    or caching facts) is None in that code's cell."""
    facts = [{fact["key"]: fact for fact in code.facts()} for code in codes]
    rows = {}
    for code_facts in facts:
        for key, fact in code_facts.items():
            rows.setdefault(key, {"key": key, "label": fact["label"]})
    for row in rows.values():
        row["cells"] = [
            {"code": code, "fact": code_facts.get(row["key"])} for code, code_facts in zip(codes, facts, strict=True)
        ]
    return list(rows.values())


class ComparisonQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True, code_a__published=True, code_b__published=True)

    def involving(self, status_code):
        return self.filter(Q(code_a=status_code) | Q(code_b=status_code))

    def with_codes(self):
        return self.select_related("code_a", "code_b")

    def as_links(self):
        """Comparisons with what a link to one shows (title, gist, both codes' numbers and reasons)
        and nothing more: a comparison row and its codes' rows are mostly long sections."""
        code_fields = ("code", "reason", "former_reasons", "published")
        return self.with_codes().only(
            "slug",
            "title",
            "gist",
            "published",
            "updated_at",
            *(f"{side}__{name}" for side in ("code_a", "code_b") for name in code_fields),
        )

    def between(self, codes):
        """Comparisons whose two codes are both among `codes` (numbers)."""
        return self.filter(code_a__code__in=codes, code_b__code__in=codes)


class Comparison(models.Model):
    # The Markdown sections; pages show the HTML rendered from each on save (<name>_html).
    SOURCE_FIELDS = ("intro", "differences", "scenarios_a", "scenarios_b", "decision_rule", "mistake")

    code_a = models.ForeignKey(StatusCode, on_delete=models.CASCADE, related_name="comparisons_as_a")
    code_b = models.ForeignKey(StatusCode, on_delete=models.CASCADE, related_name="comparisons_as_b")
    slug = models.SlugField(unique=True, editable=False, help_text="Set from the codes: 301-vs-307.")
    title = models.CharField(max_length=200)
    gist = models.CharField(max_length=200, help_text="One line; shown on /compare/ and as meta description.")
    intro = models.TextField("why they get confused", help_text="Why people mix the two up." + MARKDOWN_HELP)
    differences = models.TextField(
        "key differences", help_text="A list of the differences that matter." + MARKDOWN_HELP
    )
    scenarios_a = models.TextField("when you see the first code", help_text="Scenarios and log lines." + MARKDOWN_HELP)
    scenarios_b = models.TextField("when you see the second code", help_text="Scenarios and log lines." + MARKDOWN_HELP)
    decision_rule = models.TextField(help_text="One or two sentences: pick A when ..., B when ..." + MARKDOWN_HELP)
    mistake = models.TextField("frequent mistake", help_text="The usual swap and what it breaks." + MARKDOWN_HELP)
    related = models.ManyToManyField("self", symmetrical=False, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text=ALIASES_HELP)
    published = models.BooleanField(default=True, help_text="Drafts are hidden from the public.")
    updated_at = models.DateTimeField(auto_now=True)

    intro_html = models.TextField(editable=False, default="")
    differences_html = models.TextField(editable=False, default="")
    scenarios_a_html = models.TextField(editable=False, default="")
    scenarios_b_html = models.TextField(editable=False, default="")
    decision_rule_html = models.TextField(editable=False, default="")
    mistake_html = models.TextField(editable=False, default="")

    objects = ComparisonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[f"{name}_html" for name, _ in SECTIONS])

    class Meta:
        ordering = ["code_a__code", "code_b__code"]
        constraints = [
            models.UniqueConstraint(fields=["code_a", "code_b"], name="comparison_unique_pair"),
            models.CheckConstraint(condition=~Q(code_a=models.F("code_b")), name="comparison_two_codes"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("comparisons:detail", args=[self.code_a.code, self.code_b.code])

    def get_preview_url(self):
        return reverse("comparisons:preview", args=[self.code_a.code, self.code_b.code])

    @staticmethod
    def slug_for(first, second):
        low, high = sorted((first, second))
        return f"{low}-vs-{high}"

    def clean(self):
        errors = markdown_field_errors(self, [name for name, _ in SECTIONS])
        if errors:
            raise ValidationError(errors)
        if not (self.code_a_id and self.code_b_id):
            return
        if self.code_a_id == self.code_b_id:
            raise ValidationError("A comparison needs two different status codes.")
        self.put_in_canonical_order()
        twin = Comparison.objects.filter(
            Q(code_a=self.code_a, code_b=self.code_b) | Q(code_a=self.code_b, code_b=self.code_a)
        ).exclude(pk=self.pk)
        if twin.exists():
            raise ValidationError(f"The comparison {self.slug} exists already.")

    def put_in_canonical_order(self):
        if self.code_a.code > self.code_b.code:
            self.code_a, self.code_b = self.code_b, self.code_a
        self.slug = self.slug_for(self.code_a.code, self.code_b.code)

    def render_markdown_fields(self):
        for name, _ in SECTIONS:
            setattr(self, f"{name}_html", render_markdown(getattr(self, name)))

    def save(self, *args, **kwargs):
        self.put_in_canonical_order()
        self.render_markdown_fields()
        super().save(*args, **kwargs)

    @property
    def codes(self):
        return (self.code_a, self.code_b)

    def section_heading(self, name):
        return dict(SECTIONS)[name].format(a=self.code_a.code, b=self.code_b.code)

    def as_json(self, detail=False):
        """The public JSON (field names are a contract: add, never rename)."""
        data = {
            "slug": self.slug,
            "url": self.get_absolute_url(),
            "title": self.title,
            "gist": self.gist,
            "codes": [code.code for code in self.codes],
        }
        if detail:
            data["sections"] = {name: getattr(self, f"{name}_html") for name, _ in SECTIONS}
            data["aspects"] = {
                row["name"]: {str(cell["code"].code): cell["html"] for cell in row["cells"]}
                for row in self.aspect_rows()
            }
            data["faq"] = [{"question": e.question, "answer_html": e.answer_html} for e in self.faq.all()]
        return data

    def aspect_rows(self):
        """One row per aspect: each side's HTML, the pair's own cell where one was written."""
        sides = {"a": 0, "b": 1}
        return aspect_rows(self.codes, {(o.aspect, sides[o.side]): o.text_html for o in self.overrides.all()})

    def fact_rows(self):
        return fact_rows(self.codes)


class ComparisonFAQEntry(AbstractFAQEntry):
    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="faq")
    history = HistoricalRecords(excluded_fields=["answer_html"])

    class Meta(AbstractFAQEntry.Meta):
        pass


class AspectOverride(models.Model):
    """A table cell written for this pair, replacing the code's general aspect text."""

    class Side(models.TextChoices):
        A = "a", "First (lower) code"
        B = "b", "Second (higher) code"

    comparison = models.ForeignKey(Comparison, on_delete=models.CASCADE, related_name="overrides")
    aspect = models.CharField(max_length=30, choices=ASPECTS)
    side = models.CharField(max_length=1, choices=Side.choices)
    text = models.TextField(help_text="Replaces this code's aspect text in this comparison." + MARKDOWN_HELP)
    text_html = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["text_html"])

    class Meta:
        ordering = ["aspect", "side"]
        constraints = [
            models.UniqueConstraint(fields=["comparison", "aspect", "side"], name="override_unique_cell"),
        ]

    def __str__(self):
        return f"{self.comparison.slug}: {self.aspect} ({self.side})"

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        errors = markdown_field_errors(self, ["text"])
        if errors:
            raise ValidationError(errors)
