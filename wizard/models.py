"""The decision wizard's tree: questions whose answers lead to another question or to a code."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from simple_history.models import HistoricalRecords

from authoring.models import per_revision
from comparisons.models import Comparison
from reference.models import StatusCode, markdown_field_errors
from reference.rendering import render_markdown

MAX_DEPTH = 12


class TreeError(ValueError):
    """The tree as it would be is broken; the message says where."""


NOT_SURE = "not-sure"  # the answer key of "I'm not sure", offered where a question has an explanation


def tree_problems(start, questions):
    """Everything wrong with a tree given as {question_key: {answer_key: ("question", key) | ("outcome", code)}}.

    Every answer leads somewhere that exists, every question is reachable from the start,
    each question offers at least two answers, and no path loops or runs deeper than MAX_DEPTH.
    Codes are checked where they are known (loader and model clean).
    """
    if start not in questions:
        return [f"The start question {start!r} does not exist."]
    problems = []
    for key, answers in questions.items():
        if len(answers) < 2:
            problems.append(f"Question {key!r} needs at least two answers.")
        for answer, (kind, target) in answers.items():
            if answer == NOT_SURE:
                problems.append(f"Answer {key}/{answer}: {NOT_SURE!r} is kept for the “I'm not sure” answer.")
            if kind == "question" and target not in questions:
                problems.append(f"Answer {key}/{answer} leads to the unknown question {target!r}.")
            if kind not in {"question", "outcome"}:
                problems.append(f"Answer {key}/{answer} leads nowhere: give a next question or an outcome code.")
    reached = set()

    def walk(key, trail):
        if key in trail:
            problems.append("The tree loops: " + " → ".join(trail + [key]))
            return
        if len(trail) >= MAX_DEPTH:
            problems.append(f"A path is deeper than {MAX_DEPTH} questions: " + " → ".join(trail))
            return
        reached.add(key)
        for kind, target in questions[key].values():
            if kind == "question" and target in questions:
                walk(target, trail + [key])

    walk(start, [])
    orphans = sorted(set(questions) - reached)
    if orphans:
        problems.append(f"Questions no path reaches: {', '.join(orphans)}.")
    return list(dict.fromkeys(problems))


def check_tree(start, questions):
    """Raise TreeError naming every problem of the tree (see tree_problems)."""
    problems = tree_problems(start, questions)
    if problems:
        raise TreeError(" ".join(problems))


class QuestionQuerySet(models.QuerySet):
    def tree(self):
        """Every question with its answers and their targets, drafts included (for authors and the loader)."""
        return self.prefetch_related("answers__outcome", "answers__next_question")

    def public_tree(self):
        """The tree with only published comparisons attached; PublicTree leaves out answers leading to drafts."""
        return self.prefetch_related(
            Prefetch("answers__outcome", queryset=StatusCode.objects.without_guide()),
            Prefetch("answers__comparisons", queryset=Comparison.objects.published().as_links()),
        )


class Question(models.Model):
    key = models.SlugField(unique=True, help_text="Appears in shareable URLs; keep it stable.")
    text = models.CharField(max_length=200, help_text="The question, shown as the fieldset legend.")
    help = models.TextField(blank=True, help_text="Markdown: what the terms mean, with an example.")
    help_html = models.TextField(editable=False, default="")
    unsure = models.TextField(
        blank=True,
        help_text="Markdown shown when a reader picks “I'm not sure”: the difference between the answers. "
        "Leave empty to offer no such answer.",
    )
    unsure_html = models.TextField(editable=False, default="")
    is_start = models.BooleanField(default=False, help_text="The first question (exactly one).")

    objects = QuestionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["help_html", "unsure_html"])

    class Meta:
        ordering = ["-is_start", "key"]
        constraints = [
            models.UniqueConstraint(fields=["is_start"], condition=models.Q(is_start=True), name="one_start_question"),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        errors = markdown_field_errors(self, ["help", "unsure"])
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.help_html = render_markdown(self.help)
        self.unsure_html = render_markdown(self.unsure)
        super().save(*args, **kwargs)


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    key = models.SlugField(help_text="Unique within its question; appears in shareable URLs.")
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    next_question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reached_by",
        help_text="Either the next question ...",
    )
    outcome = models.ForeignKey(
        StatusCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wizard_answers",
        help_text="... or the status code this answer leads to.",
    )
    rule = models.CharField(max_length=300, blank=True, help_text="Outcomes: the decision rule in one sentence.")
    tradeoff = models.TextField(blank=True, help_text="Outcomes: the trade-off (caching, SEO, method). Markdown.")
    tradeoff_html = models.TextField(editable=False, default="")
    comparisons = models.ManyToManyField(
        "comparisons.Comparison", blank=True, help_text="Outcomes: comparisons to read."
    )
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

    @property
    def explains_log(self):
        """A vendor code is explained to someone who found it in a log, never recommended for sending."""
        return self.is_outcome and self.outcome.standing == StatusCode.Standing.NON_STANDARD

    def save(self, *args, **kwargs):
        self.tradeoff_html = render_markdown(self.tradeoff)
        super().save(*args, **kwargs)

    def clean(self):
        if (self.next_question_id is None) == (self.outcome_id is None):
            raise ValidationError(
                "An answer leads either to a next question or to an outcome code, not both or neither."
            )
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
    for answer in Answer.objects.exclude(**(exclude or {})).only(
        "question_id", "key", "next_question_id", "outcome_id"
    ):
        questions[keys[answer.question_id]][answer.key] = answer_target(
            keys.get(answer.next_question_id), answer.outcome_id
        )
    return start, keys, questions


class PathError(ValueError):
    """The answers in the query string don't form a path through the tree."""


def step_url(keys):
    """The shareable URL of the step the answer keys lead to."""
    return "/wizard/?" + urlencode([("a", key) for key in keys])


class Walk:
    """Where a list of answer keys leads: the steps taken and the next question or the outcome."""

    def __init__(self, steps, question=None, outcome=None, unsure=False, questions_left=(0, 0)):
        self.steps = steps  # [(question, answer)]
        self.question = question  # the question to ask next, or None
        self.outcome = outcome  # the final Answer (with .outcome code), or None
        self.unsure = unsure  # the reader asked what the difference between the answers is
        self.questions_left = questions_left  # (fewest, most) questions a reader may meet after this one

    @property
    def keys(self):
        return [answer.key for _, answer in self.steps]

    @property
    def step_number(self):
        return len(self.steps) + 1

    @property
    def steps_at_most(self):
        return len(self.steps) + 1 + self.questions_left[1]

    @property
    def steps_known(self):
        """Every path from here asks the same number of questions."""
        return self.questions_left[0] == self.questions_left[1]

    def query_before(self, index):
        """The query string that goes back to step `index` (to change that answer)."""
        return "&".join(f"a={key}" for key in self.keys[:index])


class PublicTree:
    """The tree as readers see it, from one prefetched query: answers that lead to a draft code,
    or only to drafts further on, are left out, and so are draft comparisons.

    The wizard pages, the diagram and the API all read the tree through this class, so a draft
    never shows anywhere public.
    """

    def __init__(self, questions):
        self.by_id = {question.id: question for question in questions}
        self.start = next((question for question in questions if question.is_start), None)
        self._answers = {}
        for question in questions:
            self._visible_answers(question)

    @classmethod
    def load(cls):
        """The public tree, built once per content revision: building it (the questions, answers,
        outcomes and comparisons) costs more than rendering the page."""
        return public_tree()

    def _visible_answers(self, question):
        if question.id not in self._answers:
            self._answers[question.id] = []  # a broken (looping) tree ends here instead of recursing forever
            self._answers[question.id] = [
                answer
                for answer in question.answers.all()
                if (
                    answer.outcome.published if answer.is_outcome else self._visible_answers(self.next_question(answer))
                )
            ]
        return self._answers[question.id]

    def answers(self, question):
        return self._answers[question.id]

    def next_question(self, answer):
        return self.by_id[answer.next_question_id]

    @property
    def questions(self):
        """The questions a reader can reach, in the order a reader meets them (breadth first)."""
        return list(self.step_paths())

    def step_paths(self):
        """{question: the shortest answer keys that lead to it}."""
        if self.start is None:
            return {}
        paths, queue = {self.start: []}, [self.start]
        for question in queue:
            for answer in self.answers(question):
                if not answer.is_outcome and self.next_question(answer) not in paths:
                    paths[self.next_question(answer)] = paths[question] + [answer.key]
                    queue.append(self.next_question(answer))
        return paths

    def questions_below(self, question):
        """(fewest, most) questions a reader may still meet after this one."""
        spans = []
        for answer in self.answers(question):
            if answer.is_outcome:
                spans.append((0, 0))
            else:
                fewest, most = self.questions_below(self.next_question(answer))
                spans.append((fewest + 1, most + 1))
        return (min((f for f, _ in spans), default=0), max((m for _, m in spans), default=0))

    def walk(self, answer_keys):
        if len(answer_keys) > MAX_DEPTH:
            raise PathError(f"That is more answers than any path has (at most {MAX_DEPTH}).")
        if self.start is None or not self.answers(self.start):
            raise PathError("The wizard has no questions yet.")
        question, steps, unsure = self.start, [], False
        for position, key in enumerate(answer_keys, start=1):
            if question is None:
                raise PathError(f"Answer {position} ({key[:40]!r}) comes after the path already reached its result.")
            if key == NOT_SURE and question.unsure_html:
                if position != len(answer_keys):
                    raise PathError(f"Answer {position} (“I'm not sure”) can only be the last one.")
                unsure = True
                continue
            answer = next((a for a in self.answers(question) if a.key == key), None)
            if answer is None:
                raise PathError(f"Answer {position} ({key[:40]!r}) is not one of the answers to “{question.text}”.")
            steps.append((question, answer))
            question = None if answer.is_outcome else self.next_question(answer)
        if question is None:
            return Walk(steps, outcome=steps[-1][1])
        return Walk(steps, question=question, unsure=unsure, questions_left=self.questions_below(question))

    def outline(self):
        """The whole tree in reading order as (depth, kind, item, answer keys) rows, for the diagram.

        kind is "question", "answer" (leads to the question on the next row) or "outcome". A question
        reached by several paths appears under each, so every row has one step to link to.
        """
        rows = []

        def visit(question, keys, depth):
            rows.append((depth, "question", question, keys))
            for answer in self.answers(question):
                if answer.is_outcome:
                    rows.append((depth + 1, "outcome", answer, keys + [answer.key]))
                else:
                    rows.append((depth + 1, "answer", answer, keys + [answer.key]))
                    visit(self.next_question(answer), keys + [answer.key], depth + 2)

        if self.start is not None:
            visit(self.start, [], 0)
        return rows

    def outcome_codes(self):
        """The codes some public path reaches."""
        return {a.outcome.code for q in self.questions for a in self.answers(q) if a.is_outcome}

    def answer_json(self, answer):
        data = {"key": answer.key, "label": answer.label}
        if answer.is_outcome:
            data.update(
                {
                    "outcome": answer.outcome.code,
                    "rule": answer.rule,
                    "tradeoff_html": answer.tradeoff_html,
                    "compare": [comparison.slug for comparison in answer.comparisons.all()],
                }
            )
        else:
            data["next"] = self.next_question(answer).key
        return data

    def as_json(self):
        """The public tree in the shape of wizard/content/tree.yaml, with sanitized HTML for the Markdown."""
        return {
            "start": self.start.key if self.start else None,
            "questions": [
                {
                    "key": question.key,
                    "text": question.text,
                    "url": step_url(keys),
                    "help_html": question.help_html,
                    "unsure_html": question.unsure_html,
                    "answers": [self.answer_json(answer) for answer in self.answers(question)],
                }
                for question, keys in self.step_paths().items()
            ],
        }

    def as_graph(self):
        """The public tree as a graph: question and code nodes, one edge per answer."""
        question_nodes, edges, codes = [], [], {}
        for question, keys in self.step_paths().items():
            question_nodes.append(
                {
                    "id": f"question:{question.key}",
                    "type": "question",
                    "key": question.key,
                    "text": question.text,
                    "url": step_url(keys),
                    "help_html": question.help_html,
                    "unsure_html": question.unsure_html,
                }
            )
            for answer in self.answers(question):
                edge = {"from": f"question:{question.key}", **self.answer_json(answer)}
                if answer.is_outcome:
                    codes[answer.outcome.code] = answer.outcome
                    edge["to"] = f"code:{edge.pop('outcome')}"
                else:
                    edge["to"] = f"question:{edge.pop('next')}"
                edges.append(edge)
        code_nodes = [
            {
                "id": f"code:{number}",
                "type": "code",
                "code": number,
                "reason": codes[number].reason,
                "url": codes[number].get_absolute_url(),
            }
            for number in sorted(codes)
        ]
        start = f"question:{self.start.key}" if self.start else None
        return {"start": start, "nodes": question_nodes + code_nodes, "edges": edges}


def walk(answer_keys):
    return PublicTree.load().walk(answer_keys)


# The codes the wizard must reach: those a server may choose to send, and the vendor codes that
# the "what does this code in my log mean" branch explains. Deprecated, unused and obsoleted codes
# are left out on purpose: no path should lead a reader to send them.
REACHABLE_STANDINGS = [StatusCode.Standing.STANDARD, StatusCode.Standing.TEMPORARY, StatusCode.Standing.NON_STANDARD]


def codes_no_path_reaches(tree=None):
    """Published codes of REACHABLE_STANDINGS that no public path of the wizard leads to."""
    tree = tree or PublicTree.load()
    wanted = StatusCode.objects.published().filter(standing__in=REACHABLE_STANDINGS).values_list("code", flat=True)
    return sorted(set(wanted) - tree.outcome_codes())


def tree_report():
    """What authors should know about the saved tree, as sentences: its problems, the answers hidden
    because they lead to drafts, and the codes no path reaches."""
    start, keys, questions = saved_tree()
    report = tree_problems(start, questions) if questions else []
    drafts = Answer.objects.filter(outcome__published=False).select_related("question", "outcome")
    if drafts:
        hidden = ", ".join(f"{a.question.key}/{a.key} ({a.outcome.code})" for a in drafts)
        report.append(f"Answers hidden from readers because their code is a draft: {hidden}.")
    missing = codes_no_path_reaches()
    if missing:
        report.append(f"Codes no path reaches: {', '.join(map(str, missing))}.")
    return report


@per_revision
def public_tree():
    return PublicTree(list(Question.objects.public_tree()))
