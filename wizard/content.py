"""The wizard tree as one file: wizard/content/tree.yaml."""

import yaml

from comparisons.models import Comparison
from reference.content import ContentError, ContentLoader
from reference.models import StatusCode
from reference.rendering import linked_codes

from .models import Answer, Question, TreeError, check_tree, tree_report

QUESTION_KEYS = {"key", "text", "help", "unsure", "answers"}
ANSWER_KEYS = {"key", "label", "next", "outcome", "rule", "tradeoff", "compare"}


class TreeDumper(yaml.SafeDumper):
    """Questions and answers in block style, texts folded at 100 columns, short lists (compare) on
    one line: a tree file reads top to bottom."""


TreeDumper.add_representer(
    str,
    lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None),
)
TreeDumper.add_representer(
    list,
    lambda dumper, data: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", data, flow_style=all(isinstance(item, str) for item in data)
    ),
)


class TreeLoader(ContentLoader):
    directory = "wizard/content"
    label = "wizard tree"

    def files(self):
        path = self.path() / "tree.yaml"
        return [path] if path.exists() else []

    def parse(self, text, path):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise ContentError(path, "file", f"invalid YAML: {error}") from None
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            raise ContentError(path, "questions", "must be a list of questions")
        start = data.get("start")
        questions, shape, seen = [], {}, set()
        for index, question in enumerate(data["questions"]):
            where = f"questions[{index}]"
            if not isinstance(question, dict) or not question.get("key") or not question.get("text"):
                raise ContentError(path, where, "needs a key and a text")
            key = question["key"]
            unknown = set(question) - QUESTION_KEYS
            if unknown:
                raise ContentError(path, f"{where} ({key}).{sorted(unknown)[0]}", "unknown field")
            if key in seen:
                raise ContentError(path, f"{where}.key", f"{key!r} appears twice")
            seen.add(key)
            answers, shape[key] = [], {}
            for number, answer in enumerate(question.get("answers") or []):
                at = f"{where} ({key}).answers[{number}]"
                if not isinstance(answer, dict) or "key" not in answer or not answer.get("label"):
                    raise ContentError(path, at, "needs a key and a label")
                if not isinstance(answer["key"], str):
                    raise ContentError(path, f"{at}.key", "key must be text (quote words such as yes, no, on, off)")
                unknown = set(answer) - ANSWER_KEYS
                if unknown:
                    raise ContentError(path, f"{at}.{sorted(unknown)[0]}", "unknown field")
                if answer["key"] in shape[key]:
                    raise ContentError(path, f"{at}.key", f"{answer['key']!r} appears twice in {key}")
                has_next, has_outcome = "next" in answer, "outcome" in answer
                if has_next == has_outcome:
                    raise ContentError(path, at, "needs exactly one of next (a question) or outcome (a code)")
                if has_outcome and not answer.get("rule"):
                    raise ContentError(path, f"{at}.rule", "an outcome needs its decision rule")
                shape[key][answer["key"]] = ("question", answer["next"]) if has_next else ("outcome", answer["outcome"])
                answers.append(answer)
            questions.append(
                {
                    "key": key,
                    "text": question["text"],
                    "help": question.get("help", ""),
                    "unsure": question.get("unsure", ""),
                    "answers": answers,
                }
            )
        try:
            check_tree(start, shape)
        except TreeError as error:
            raise ContentError(path, "tree", str(error)) from None
        return {"path": path, "start": start, "questions": questions}

    def check_references(self, records):
        codes = set(StatusCode.objects.values_list("code", flat=True))
        slugs = set(Comparison.objects.values_list("slug", flat=True))
        errors = []
        for record in records:
            for question in record["questions"]:
                for field in ("help", "unsure"):
                    broken = sorted(linked_codes(question[field]) - codes)
                    if broken:
                        errors.append(
                            ContentError(
                                record["path"], f"{question['key']}.{field}", f"links to unknown codes {broken}"
                            )
                        )
                for answer in question["answers"]:
                    where = f"{question['key']}/{answer['key']}"
                    if "outcome" in answer and answer["outcome"] not in codes:
                        errors.append(
                            ContentError(record["path"], where, f"outcome {answer['outcome']} is not a known code")
                        )
                    broken = sorted(linked_codes(answer.get("tradeoff", "")) - codes)
                    if broken:
                        errors.append(
                            ContentError(record["path"], f"{where}.tradeoff", f"links to unknown codes {broken}")
                        )
                    missing = sorted(set(answer.get("compare", [])) - slugs)
                    if missing:
                        errors.append(ContentError(record["path"], where, f"unknown comparisons {missing}"))
        return errors + super().check_references(records)

    def markdown_texts(self, record):
        texts = []
        for question in record["questions"]:
            texts.append((f"{question['key']}.help", str(question["help"] or "")))
            texts += [
                (f"{question['key']}/{answer['key']}.tradeoff", str(answer.get("tradeoff") or ""))
                for answer in question["answers"]
            ]
        return texts

    def as_data(self):
        """The live tree in file shape, to compare with a file and to export."""
        questions = list(Question.objects.tree().prefetch_related("answers__comparisons"))
        start = next((q.key for q in questions if q.is_start), None)
        data = {"start": start, "questions": []}
        for question in questions:
            entry = {"key": question.key, "text": question.text}
            if question.help:
                entry["help"] = question.help
            if question.unsure:
                entry["unsure"] = question.unsure
            entry["answers"] = []
            for answer in question.answers.all():
                item = {"key": answer.key, "label": answer.label}
                if answer.next_question_id:
                    item["next"] = answer.next_question.key
                else:
                    item["outcome"] = answer.outcome.code
                    item["rule"] = answer.rule
                    if answer.tradeoff:
                        item["tradeoff"] = answer.tradeoff
                    slugs = [c.slug for c in answer.comparisons.all()]
                    if slugs:
                        item["compare"] = slugs
                entry["answers"].append(item)
            data["questions"].append(entry)
        return data

    @staticmethod
    def normalise(record):
        data = {"start": record["start"], "questions": []}
        for question in record["questions"]:
            entry = {"key": question["key"], "text": question["text"]}
            if question["help"]:
                entry["help"] = question["help"]
            if question["unsure"]:
                entry["unsure"] = question["unsure"]
            entry["answers"] = [dict(answer) for answer in question["answers"]]
            for answer in entry["answers"]:
                if "compare" in answer:
                    answer["compare"] = sorted(answer["compare"])
            data["questions"].append(entry)
        data["questions"].sort(key=lambda q: (q["key"] != data["start"], q["key"]))
        return data

    def apply(self, record):
        wanted = self.normalise(record)
        existed = Question.objects.exists()
        if existed and self.as_data() == wanted:
            return "unchanged"
        # Rebuild inside the command's transaction: readers never see half a tree.
        Answer.objects.all().delete()
        Question.objects.all().delete()
        by_key = {}
        for question in record["questions"]:
            by_key[question["key"]] = Question.objects.create(
                key=question["key"],
                text=question["text"],
                help=question["help"],
                unsure=question["unsure"],
                is_start=question["key"] == record["start"],
            )
        codes = {c.code: c for c in StatusCode.objects.all()}
        comparisons = {c.slug: c for c in Comparison.objects.all()}
        for question in record["questions"]:
            for order, answer in enumerate(question["answers"], start=1):
                row = Answer.objects.create(
                    question=by_key[question["key"]],
                    key=answer["key"],
                    label=answer["label"],
                    order=order,
                    next_question=by_key.get(answer.get("next")),
                    outcome=codes.get(answer.get("outcome")),
                    rule=answer.get("rule", ""),
                    tradeoff=answer.get("tradeoff", ""),
                )
                if answer.get("compare"):
                    row.comparisons.set([comparisons[slug] for slug in answer["compare"]])
        return "updated" if existed else "created"

    def warnings(self):
        """After loading: what authors should know about the tree (hidden drafts, codes no path reaches)."""
        return tree_report()

    def rows_as_files(self):
        if not Question.objects.exists():
            return {}
        text = yaml.dump(self.as_data(), Dumper=TreeDumper, sort_keys=False, allow_unicode=True, width=100)
        return {f"{self.directory}/tree.yaml": text}

    def comparable(self, record):
        return self.normalise(record)
