import re

from django import forms
from django.contrib import admin

from authoring.admin import ContentAdmin, MarkdownFieldsMixin
from authoring.forms import ContentForm

from .content import HEADER_TOKEN_RE
from .models import ALIASES_HELP, GUIDE_SECTIONS, FAQEntry, StatusCode


class LinesField(forms.CharField):
    """A list of texts edited as one per line (the aliases), stored as a JSON list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


ALIASES_FIELD_HELP = f"One per line. {ALIASES_HELP}"


class HeaderNamesField(forms.CharField):
    """Header field names typed as "Location, Retry-After", stored as the JSON list the API serves."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [name.strip() for name in re.split(r"[,\n]", super().to_python(value)) if name.strip()]

    def validate(self, value):
        super().validate(value)
        bad = [name for name in value if not HEADER_TOKEN_RE.match(name)]
        if bad:
            raise forms.ValidationError("Not header field names: " + ", ".join(repr(name[:40]) for name in bad))
        if len(set(map(str.lower, value))) != len(value):
            raise forms.ValidationError("A header field is named twice.")


class StatusCodeForm(ContentForm):
    aliases = LinesField(required=False, help_text=ALIASES_FIELD_HELP)
    former_reasons = LinesField(required=False, help_text="One per line: reason phrases earlier specifications used.")
    headers = HeaderNamesField(
        required=False,
        widget=forms.TextInput(attrs={"class": "vLargeTextField", "size": 90}),
        help_text="Header fields that go with this code, separated by commas: Location, Retry-After.",
    )


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
    list_display = [
        "code",
        "reason",
        "status_class",
        "standing",
        "origin",
        "heuristically_cacheable",
        "published",
        "updated_at",
    ]
    list_display_links = ["code", "reason"]
    list_filter = [StatusClassFilter, "standing", "published", "heuristically_cacheable"]
    search_fields = ["=code", "reason", "summary", "origin"]
    ordering = ["code"]
    filter_horizontal = ["related"]
    inlines = [FAQEntryInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["code", "reason", "former_reasons", "summary", "aliases", "published"],
                "description": "Markdown fields accept **bold**, lists, tables, ```fenced code``` and links; "
                "write [[404]] to link to a code's page. Use Preview under a field to see it as the site will.",
            },
        ),
        (
            "Standing and specification",
            {"fields": ["standing", "origin", "client_saw", "spec_document", "spec_section", "spec_url"]},
        ),
        (
            "Structured facts",
            {
                "fields": [
                    "heuristically_cacheable",
                    "redirect_permanent",
                    "redirect_method",
                    "body_allowed",
                    "headers",
                    "related",
                ]
            },
        ),
        (
            "Guide (Markdown)",
            {
                "fields": [
                    "definition",
                    "plain_summary",
                    "when_to_use",
                    "client_behaviour",
                    "caching",
                    "seo_impact",
                    "api_impact",
                    "retry",
                    "scenarios",
                    "example",
                    "how_to_send",
                ]
            },
        ),
    ]

    @admin.display(description="class", ordering="code")
    def status_class(self, obj):
        return obj.status_class
