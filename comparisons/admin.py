from django.contrib import admin

from .models import AspectOverride, Comparison, ComparisonFAQEntry


class ComparisonFAQInline(admin.StackedInline):
    model = ComparisonFAQEntry
    extra = 0
    fields = ["order", "question", "answer"]


class AspectOverrideInline(admin.StackedInline):
    model = AspectOverride
    extra = 0


@admin.register(Comparison)
class ComparisonAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["slug", "title", "gist"]
    autocomplete_fields = ["code_a", "code_b"]
    filter_horizontal = ["related"]
    inlines = [ComparisonFAQInline, AspectOverrideInline]
    fields = [
        "code_a", "code_b", "title", "gist", "published", "intro", "differences", "scenarios_a",
        "scenarios_b", "decision_rule", "mistake", "related",
    ]
