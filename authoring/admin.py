"""What every content admin shares: history with Markdown diffs, Markdown preview, draft preview."""
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

MARKDOWN_WIDGET_ATTRS = {"class": "vLargeTextField markdown-field", "data-preview-url": "/admin/preview-markdown/"}


class MarkdownFieldsMixin:
    """Marks editable text fields so the admin script can offer a rendered preview of them."""

    markdown_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.TextField) and db_field.name in self.markdown_fields and formfield:
            formfield.widget.attrs.update(MARKDOWN_WIDGET_ATTRS)
        return formfield


class ContentAdmin(MarkdownFieldsMixin, SimpleHistoryAdmin):
    object_history_list_template = "authoring/history_list.html"
    save_on_top = True

    class Media:
        js = ["authoring/preview.js"]
        css = {"all": ["authoring/admin.css"]}

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.published else obj.get_preview_url()
