from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from .models import ReaderReport


@admin.register(ReaderReport)
class ReaderReportAdmin(admin.ModelAdmin):
    """The moderation queue: what readers wrote is shown as plain text and can only be judged, not edited."""

    list_display = ["created_at", "status", "page_link", "section_heading", "message_start"]
    list_filter = ["status", "page_title"]
    search_fields = ["page", "page_title", "message"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "page_link",
        "page_title",
        "section_heading",
        "message",
        "email",
        "created_at",
        "moderated_by",
        "moderated_at",
    ]
    fields = [
        "page_link",
        "section_heading",
        "message",
        "email",
        "created_at",
        "status",
        "moderator_note",
        "moderated_by",
        "moderated_at",
    ]
    actions = ["accept", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="page")
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_page_url(), obj.page_title)

    @admin.display(description="message")
    def message_start(self, obj):
        return obj.message if len(obj.message) <= 80 else obj.message[:79] + "…"

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.moderated_by, obj.moderated_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    def moderate(self, request, queryset, status):
        count = queryset.update(status=status, moderated_by=request.user, moderated_at=timezone.now())
        self.message_user(request, f"{count} report{'s' if count != 1 else ''} marked {status}.")

    @admin.action(description="Mark as accepted", permissions=["change"])
    def accept(self, request, queryset):
        self.moderate(request, queryset, ReaderReport.Status.ACCEPTED)

    @admin.action(description="Mark as rejected", permissions=["change"])
    def reject(self, request, queryset):
        self.moderate(request, queryset, ReaderReport.Status.REJECTED)
