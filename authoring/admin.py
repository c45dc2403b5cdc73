"""What every content admin shares: history with Markdown diffs, Markdown preview, draft preview."""

from django.contrib import messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from .forms import LONG_TEXT_CHARS, ContentForm, LineEndingField
from .models import DraftRevision

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
    """Content pages: history and restore, and draft revisions of published pages.

    "Save as draft revision" keeps the page's own fields aside (the public page is unchanged);
    the change form opened with ?draft=<id> edits that draft; an editor publishes it.
    """

    object_history_list_template = "authoring/history_list.html"
    change_form_template = "authoring/change_form.html"
    save_on_top = True

    class Media:
        js = ["authoring/preview.js"]
        css = {"all": ["authoring/admin.css"]}

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.published else obj.get_preview_url()

    # Draft revisions ----------------------------------------------------------------

    def draft_in_request(self, request, obj):
        """The open draft named by ?draft=<id> for this object, or None."""
        return DraftRevision.objects.open().of(obj).named(request.GET.get("draft"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        draft = obj is not None and self.draft_in_request(request, obj)
        if draft:
            request.editing_draft = draft.apply_to(obj) and draft
        return obj

    def get_inline_instances(self, request, obj=None):
        """A draft holds the page's own fields; its FAQ and cells are edited on the page itself."""
        if obj is not None and request.GET.get("draft"):
            return []
        return super().get_inline_instances(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = dict(extra_context or {})
        obj = (
            self.model._default_manager.filter(pk=object_id).first()
            if object_id.isascii() and object_id.isdigit()
            else None
        )
        if obj is not None:
            open_draft = DraftRevision.objects.open().of(obj).select_related("author").first()
            editing = open_draft is not None and request.GET.get("draft") == str(open_draft.pk)
            context.update(
                open_draft=open_draft,
                editing_draft=editing,
                can_draft=obj.published and (open_draft is None or editing),
                can_publish_draft=editing and request.user.has_perm("authoring.publish_draftrevision"),
            )
            if editing:
                context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().change_view(request, object_id, form_url, context)

    def save_draft(self, request, obj, form):
        """Keep the form's values as the page's draft revision; the row itself is not touched."""
        from django.contrib.contenttypes.models import ContentType

        draft = getattr(request, "editing_draft", None)
        if draft is None:
            if DraftRevision.objects.open().of(obj).exists():
                raise PermissionDenied("This page has an open draft revision already; edit that one.")
            draft = DraftRevision(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, author=request.user
            )
        draft.data = DraftRevision.values_from(form)
        draft.save()
        return draft

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            request.reverting_to = (
                self.model.history.select_related("history_user").filter(history_id=version_id).first()
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        """Save only what changed: an untouched form writes no row and no history version.

        A restore form starts from the old version, and a draft being published from the draft,
        so those always save; "Save as draft revision" saves the draft instead of the row.
        """
        draft = getattr(request, "editing_draft", None)
        if change and "_save_draft" in request.POST:
            request.saved_draft = self.save_draft(request, obj, form)
            return
        record = getattr(request, "reverting_to", None)
        if change and "_publish_draft" in request.POST:
            if draft is None or not request.user.has_perm("authoring.publish_draftrevision"):
                raise PermissionDenied("Only editors publish draft revisions.")
            obj._change_reason = f"Published draft revision #{draft.pk} by {draft.author}, approved by {request.user}"
        elif record is not None:
            obj._change_reason = reverted_message(record)
        elif change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)
        if change and "_publish_draft" in request.POST:
            draft.publish(request.user)
            request.published_draft = draft

    def save_related(self, request, form, formsets, change):
        if getattr(request, "saved_draft", None) is None:
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "saved_draft", None) is not None:  # nothing saved: formsets were not run
            return ""
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        draft = getattr(request, "saved_draft", None) or getattr(request, "published_draft", None)
        if draft is not None:
            verb = "Saved" if draft.status == DraftRevision.Status.DRAFT else "Published"
            message = f"{verb} draft revision #{draft.pk}."
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        change_url = request.path.rsplit("/history/", 1)[0].rsplit("/change/", 1)[0] + "/change/"
        record = getattr(request, "reverting_to", None)
        if record is not None:
            self.message_user(request, f"{reverted_message(record)}.", messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        draft = getattr(request, "saved_draft", None)
        if draft is not None:
            self.message_user(
                request,
                f"Draft revision #{draft.pk} saved. The public page is unchanged until an editor publishes it.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(f"{change_url}?draft={draft.pk}")
        draft = getattr(request, "published_draft", None)
        if draft is not None:
            self.message_user(
                request, f"Published draft revision #{draft.pk}: the public page shows it now.", messages.SUCCESS
            )
            return HttpResponseRedirect(change_url)
        return super().response_change(request, obj)
