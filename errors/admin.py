from django.contrib import admin

from authoring.admin import ContentAdmin, MarkdownFieldsMixin

from .models import SECTIONS, ErrorGuide, ErrorGuideFAQEntry


class ErrorGuideFAQInline(MarkdownFieldsMixin, admin.StackedInline):
    model = ErrorGuideFAQEntry
    markdown_fields = ["answer"]
    extra = 0
    fields = ["order", "question", "answer"]


@admin.register(ErrorGuide)
class ErrorGuideAdmin(ContentAdmin):
    markdown_fields = [name for name, _ in SECTIONS]
    list_display = ["name", "slug", "category", "published", "updated_at"]
    list_filter = ["published", "category"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["codes"]
    inlines = [ErrorGuideFAQInline]
    fields = ["name", "slug", "category", "summary", "published", "codes"] + [name for name, _ in SECTIONS]
