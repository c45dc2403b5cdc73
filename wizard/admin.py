from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from authoring.admin import MarkdownFieldsMixin

from .models import Answer, Question, TreeError, answer_target, check_tree, saved_tree, tree_report


class AnswerFormSet(BaseInlineFormSet):
    """Checks the whole tree as it would be after this save: additions, edits and deletions together."""

    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.pk:
            return
        start, keys, questions = saved_tree(exclude={"question": self.instance})
        own = questions[keys[self.instance.pk]] = {}
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            next_question, outcome = data.get("next_question"), data.get("outcome")
            own[data["key"]] = answer_target(
                next_question.key if next_question else None, outcome.pk if outcome else None
            )
        try:
            check_tree(start, questions)
        except TreeError as error:
            raise ValidationError(f"This change would break the wizard: {error}") from None


class AnswerInline(MarkdownFieldsMixin, admin.StackedInline):
    model = Answer
    formset = AnswerFormSet
    fk_name = "question"
    extra = 0
    markdown_fields = ["tradeoff"]
    fields = ["order", "key", "label", "next_question", "outcome", "rule", "tradeoff", "comparisons"]
    autocomplete_fields = ["outcome"]
    filter_horizontal = ["comparisons"]


@admin.register(Question)
class QuestionAdmin(MarkdownFieldsMixin, SimpleHistoryAdmin):
    markdown_fields = ["help", "unsure"]
    ordering = ["-is_start", "key"]
    list_display = ["key", "text", "is_start"]
    search_fields = ["key", "text", "answers__label"]
    list_filter = ["is_start"]
    inlines = [AnswerInline]

    class Media:
        js = ["authoring/preview.js"]
        css = {"all": ["authoring/admin.css"]}

    def has_delete_permission(self, request, obj=None):
        """The start question holds the tree together; it can be edited, never deleted."""
        if obj is not None and obj.is_start:
            return False
        return super().has_delete_permission(request, obj)

    def report(self, request):
        """Show authors what the saved tree lacks, on the pages where they edit it."""
        if request.method == "GET":
            for sentence in tree_report():
                messages.warning(request, sentence)

    def changelist_view(self, request, extra_context=None):
        self.report(request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.report(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def view_on_site(self, obj):
        return "/wizard/"
