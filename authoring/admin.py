"""What every content admin shares: history with Markdown diffs, Markdown preview, draft preview."""
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from .forms import LONG_TEXT_CHARS, ContentForm, LineEndingField

MARKDOWN_WIDGET_ATTRS = {"class": "vLargeTextField markdown-field", "data-preview-url": "/admin/preview-markdown/"}


class MarkdownFieldsMixin:
    """LF-only text fields sized to their content; Markdown fields get a rendered preview."""

    markdown_fields = ()
    form = ContentForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
            long_line = type(db_field) is models.CharField and (db_field.max_length or 0) >= LONG_TEXT_CHARS
            kwargs["form_class"] = LineEndingField
            if long_line:
                kwargs.update(widget=AdminTextareaWidget(attrs={"class": "vLargeTextField"}), single_line=True)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.TextField) and db_field.name in self.markdown_fields and formfield:
            formfield.widget.attrs.update(MARKDOWN_WIDGET_ATTRS)
        return formfield


def reverted_message(record):
    who = record.history_user or "load_content"
    return f"Reverted to the version of {record.history_date:%Y-%m-%d %H:%M} UTC by {who}"


class ContentAdmin(MarkdownFieldsMixin, SimpleHistoryAdmin):
    object_history_list_template = "authoring/history_list.html"
    save_on_top = True

    class Media:
        js = ["authoring/preview.js"]
        css = {"all": ["authoring/admin.css"]}

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.published else obj.get_preview_url()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            request.reverting_to = (
                self.model.history.select_related("history_user").filter(history_id=version_id).first()
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        """Save only what changed: an untouched form writes no row and no history version.

        A restore form starts from the old version, so it always saves.
        """
        record = getattr(request, "reverting_to", None)
        if record is not None:
            obj._change_reason = reverted_message(record)
        elif change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        record = getattr(request, "reverting_to", None)
        if record is not None:
            self.message_user(request, f"{reverted_message(record)}.", messages.SUCCESS)
            return HttpResponseRedirect(request.path.rsplit("/history/", 1)[0] + "/change/")
        return super().response_change(request, obj)
