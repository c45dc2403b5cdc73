from django import forms
from django.contrib import admin

from authoring.admin import ContentAdmin, MarkdownFieldsMixin
from reference.admin import ALIASES_FIELD_HELP, LinesField

from .models import SECTIONS, AspectOverride, Comparison, ComparisonFAQEntry


class ComparisonFAQInline(MarkdownFieldsMixin, admin.StackedInline):
    model = ComparisonFAQEntry
    markdown_fields = ["answer"]
    extra = 0
    fields = ["order", "question", "answer"]


class AspectOverrideInline(MarkdownFieldsMixin, admin.StackedInline):
    model = AspectOverride
    markdown_fields = ["text"]
    extra = 0


class ComparisonForm(forms.ModelForm):
    aliases = LinesField(required=False, help_text=ALIASES_FIELD_HELP)


@admin.register(Comparison)
class ComparisonAdmin(ContentAdmin):
    form = ComparisonForm
    markdown_fields = [name for name, _ in SECTIONS]
    list_display = ["slug", "title", "published", "updated_at"]
    list_filter = ["published", "code_a__standing"]
    ordering = ["code_a__code", "code_b__code"]
    search_fields = ["slug", "title", "gist"]
    autocomplete_fields = ["code_a", "code_b"]
    filter_horizontal = ["related"]
    inlines = [ComparisonFAQInline, AspectOverrideInline]
    fields = [
        "code_a",
        "code_b",
        "title",
        "gist",
        "aliases",
        "published",
        "intro",
        "differences",
        "scenarios_a",
        "scenarios_b",
        "decision_rule",
        "mistake",
        "related",
    ]
