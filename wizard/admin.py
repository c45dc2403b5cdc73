from django.contrib import admin

from authoring.admin import MarkdownFieldsMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import Answer, Question


class AnswerInline(MarkdownFieldsMixin, admin.StackedInline):
    model = Answer
    markdown_fields = ["tradeoff"]
    fk_name = "question"
    extra = 0
    fields = ["order", "key", "label", "next_question", "outcome", "rule", "tradeoff", "comparisons"]
    autocomplete_fields = ["outcome"]
    filter_horizontal = ["comparisons"]


@admin.register(Question)
class QuestionAdmin(MarkdownFieldsMixin, SimpleHistoryAdmin):
    markdown_fields = ["help"]
    ordering = ["-is_start", "key"]

    class Media:
        js = ["authoring/preview.js"]
        css = {"all": ["authoring/admin.css"]}
    list_display = ["key", "text", "is_start"]
    search_fields = ["key", "text", "answers__label"]
    list_filter = ["is_start"]
    inlines = [AnswerInline]

    def view_on_site(self, obj):
        return "/wizard/"
