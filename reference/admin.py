from django import forms
from django.contrib import admin

from authoring.admin import ContentAdmin, MarkdownFieldsMixin

from .models import ALIASES_HELP, GUIDE_SECTIONS, FAQEntry, StatusCode


class LinesField(forms.CharField):
    """A list of texts edited as one per line (the aliases), stored as a JSON list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


ALIASES_FIELD_HELP = f"One per line. {ALIASES_HELP}"


class StatusCodeForm(forms.ModelForm):
    aliases = LinesField(required=False, help_text=ALIASES_FIELD_HELP)


class StatusClassFilter(admin.SimpleListFilter):
    title = "class"
    parameter_name = "class"

    def lookups(self, request, model_admin):
        return [(f"{digit}xx", f"{digit}xx {name}") for digit, name in StatusCode.CLASS_NAMES.items()]

    def queryset(self, request, queryset):
        if self.value() in {f"{digit}xx" for digit in StatusCode.CLASS_NAMES}:
            return queryset.by_class(self.value())
        return queryset


class FAQEntryInline(MarkdownFieldsMixin, admin.StackedInline):
    model = FAQEntry
    markdown_fields = ["answer"]
    extra = 0
    fields = ["order", "question", "answer"]


@admin.register(StatusCode)
class StatusCodeAdmin(ContentAdmin):
    form = StatusCodeForm
    markdown_fields = [name for name, _ in GUIDE_SECTIONS]
    list_display = ["code", "reason", "status_class", "standing", "origin", "heuristically_cacheable", "published", "updated_at"]
    list_display_links = ["code", "reason"]
    list_filter = [StatusClassFilter, "standing", "published", "heuristically_cacheable"]
    search_fields = ["=code", "reason", "summary", "origin"]
    ordering = ["code"]
    filter_horizontal = ["related"]
    inlines = [FAQEntryInline]
    fieldsets = [
        (None, {
            "fields": ["code", "reason", "summary", "aliases", "published"],
            "description": "Markdown fields accept **bold**, lists, tables, ```fenced code``` and links; "
            "write [[404]] to link to a code's page. Use Preview under a field to see it as the site will.",
        }),
        ("Standing and specification", {"fields": ["standing", "origin", "spec_document", "spec_section", "spec_url"]}),
        ("Structured facts", {"fields": ["heuristically_cacheable", "redirect_permanent", "redirect_method", "body_allowed", "headers", "related"]}),
        ("Guide (Markdown)", {"fields": [
            "definition", "plain_summary", "when_to_use", "client_behaviour", "caching", "seo_impact",
            "api_impact", "retry", "scenarios", "example", "how_to_send",
        ]}),
    ]

    @admin.display(description="class", ordering="code")
    def status_class(self, obj):
        return obj.status_class
