"""The decision wizard's tree: questions whose answers lead to another question or to a code."""
from django.core.exceptions import ValidationError
from django.db import models

from simple_history.models import HistoricalRecords

from reference.models import StatusCode, markdown_field_errors
from reference.rendering import render_markdown

MAX_DEPTH = 12


class TreeError(ValueError):
    """The tree as it would be is broken; the message says where."""


def check_tree(start, questions):
    """Validate a tree given as {question_key: {answer_key: ("question", key) | ("outcome", code)}}.

    Every answer leads somewhere that exists, every question is reachable from the start,
    each question offers at least two answers, and no path loops or runs deeper than MAX_DEPTH.
    `known_codes` checks happen where the codes are known (loader and model clean).
    """
    if start not in questions:
        raise TreeError(f"The start question {start!r} does not exist.")
    for key, answers in questions.items():
        if len(answers) < 2:
            raise TreeError(f"Question {key!r} needs at least two answers.")
        for answer, (kind, target) in answers.items():
            if kind == "question" and target not in questions:
                raise TreeError(f"Answer {key}/{answer} leads to the unknown question {target!r}.")
            if kind not in {"question", "outcome"}:
                raise TreeError(f"Answer {key}/{answer} leads nowhere: give a next question or an outcome code.")
    reached = set()

    def walk(key, trail):
        if key in trail:
            raise TreeError("The tree loops: " + " → ".join(trail + [key]))
        if len(trail) >= MAX_DEPTH:
            raise TreeError(f"A path is deeper than {MAX_DEPTH} questions: " + " → ".join(trail))
        reached.add(key)
        for kind, target in questions[key].values():
            if kind == "question":
                walk(target, trail + [key])

    walk(start, [])
    orphans = sorted(set(questions) - reached)
    if orphans:
        raise TreeError(f"Questions no path reaches: {', '.join(orphans)}.")


class QuestionQuerySet(models.QuerySet):
    def tree(self):
        return self.prefetch_related("answers__outcome", "answers__next_question")


class Question(models.Model):
    key = models.SlugField(unique=True, help_text="Appears in shareable URLs; keep it stable.")
    text = models.CharField(max_length=200, help_text="The question, shown as the fieldset legend.")
    help = models.TextField(blank=True, help_text="Optional Markdown that helps answer it.")
    help_html = models.TextField(editable=False, default="")
    is_start = models.BooleanField(default=False, help_text="The first question (exactly one).")

    objects = QuestionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["help_html"])

    class Meta:
        ordering = ["-is_start", "key"]
        constraints = [
            models.UniqueConstraint(fields=["is_start"], condition=models.Q(is_start=True), name="one_start_question"),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        errors = markdown_field_errors(self, ["help"])
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.help_html = render_markdown(self.help)
        super().save(*args, **kwargs)


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    key = models.SlugField(help_text="Unique within its question; appears in shareable URLs.")
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    next_question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.PROTECT, related_name="reached_by",
        help_text="Either the next question ...",
    )
    outcome = models.ForeignKey(
        StatusCode, null=True, blank=True, on_delete=models.PROTECT, related_name="wizard_answers",
        help_text="... or the status code this answer leads to.",
    )
    rule = models.CharField(max_length=300, blank=True, help_text="Outcomes: the decision rule in one sentence.")
    tradeoff = models.TextField(blank=True, help_text="Outcomes: the trade-off (caching, SEO, method). Markdown.")
    tradeoff_html = models.TextField(editable=False, default="")
    comparisons = models.ManyToManyField("comparisons.Comparison", blank=True, help_text="Outcomes: comparisons to read.")
    history = HistoricalRecords(excluded_fields=["tradeoff_html"])

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="answer_key_unique_per_question"),
            models.CheckConstraint(
                condition=models.Q(next_question__isnull=True, outcome__isnull=False)
                | models.Q(next_question__isnull=False, outcome__isnull=True),
                name="answer_leads_to_question_or_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.question.key}: {self.label}"

    @property
    def is_outcome(self):
        return self.outcome_id is not None

    def save(self, *args, **kwargs):
        self.tradeoff_html = render_markdown(self.tradeoff)
        super().save(*args, **kwargs)

    def clean(self):
        if (self.next_question_id is None) == (self.outcome_id is None):
            raise ValidationError("An answer leads either to a next question or to an outcome code, not both or neither.")
        if self.outcome_id and not self.rule:
            raise ValidationError({"rule": "An outcome needs its decision rule."})
        errors = markdown_field_errors(self, ["tradeoff"])
        if errors:
            raise ValidationError(errors)
        if not self.question_id:
            return
        # Validate the whole tree as it would be after this change, so the live tree never breaks.
        start, keys, questions = saved_tree(exclude={"pk": self.pk})
        questions[keys[self.question_id]][self.key] = answer_target(keys.get(self.next_question_id), self.outcome_id)
        try:
            check_tree(start, questions)
        except TreeError as error:
            raise ValidationError(str(error)) from None


def answer_target(next_question_key, outcome):
    return ("question", next_question_key) if next_question_key else ("outcome", outcome)


def saved_tree(exclude=None):
    """(start key, {id: key}, {question key: {answer key: target}}) of the saved tree, for check_tree.

    `exclude` leaves out the answers an edit is about to replace, so callers can add them as edited.
    """
    start = Question.objects.filter(is_start=True).values_list("key", flat=True).first()
    keys = dict(Question.objects.values_list("id", "key"))
    questions = {key: {} for key in keys.values()}
    for answer in Answer.objects.exclude(**(exclude or {})).only("question_id", "key", "next_question_id", "outcome_id"):
        questions[keys[answer.question_id]][answer.key] = answer_target(keys.get(answer.next_question_id), answer.outcome_id)
    return start, keys, questions

class PathError(ValueError):
    """The answers in the query string don't form a path through the tree."""


class Walk:
    """Where a list of answer keys leads: the steps taken and the next question or the outcome."""

    def __init__(self, steps, question=None, outcome=None):
        self.steps = steps          # [(question, answer)]
        self.question = question    # the question to ask next, or None
        self.outcome = outcome      # the final Answer (with .outcome code), or None

    @property
    def keys(self):
        return [answer.key for _, answer in self.steps]

    def query_before(self, index):
        """The query string that goes back to step `index` (to change that answer)."""
        return "&".join(f"a={key}" for key in self.keys[:index])


def walk(answer_keys):
    if len(answer_keys) > MAX_DEPTH:
        raise PathError(f"That is more answers than any path has (at most {MAX_DEPTH}).")
    questions = list(Question.objects.tree().prefetch_related("answers__comparisons__code_a", "answers__comparisons__code_b"))
    start = next((q for q in questions if q.is_start), None)
    if start is None:
        raise PathError("The wizard has no questions yet.")
    by_id = {q.id: q for q in questions}
    question, steps = start, []
    for position, key in enumerate(answer_keys, start=1):
        if question is None:
            raise PathError(f"Answer {position} ({key[:40]!r}) comes after the path already reached its result.")
        answer = next((a for a in question.answers.all() if a.key == key), None)
        if answer is None:
            raise PathError(f"Answer {position} ({key[:40]!r}) is not one of the answers to “{question.text}”.")
        steps.append((question, answer))
        if answer.is_outcome:
            question = None
        else:
            question = by_id[answer.next_question_id]
    if question is None:
        return Walk(steps, outcome=steps[-1][1])
    return Walk(steps, question=question)
