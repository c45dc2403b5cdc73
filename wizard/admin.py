from django.contrib import admin

from .models import Answer, Question


class AnswerInline(admin.StackedInline):
    model = Answer
    fk_name = "question"
    extra = 0
    fields = ["order", "key", "label", "next_question", "outcome", "rule", "tradeoff", "comparisons"]
    autocomplete_fields = ["outcome"]
    filter_horizontal = ["comparisons"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "text", "is_start"]
    search_fields = ["key", "text", "answers__label"]
    list_filter = ["is_start"]
    inlines = [AnswerInline]

    def view_on_site(self, obj):
        return "/wizard/"
