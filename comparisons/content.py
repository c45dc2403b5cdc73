"""Comparison files: comparisons/content/comparisons/<low>-vs-<high>.md."""

import re

from reference.content import (
    ContentError,
    ContentLoader,
    OnePerLine,
    check_lengths,
    dump_faq,
    dump_file,
    parse_aliases,
    parse_faq,
    require,
    split_front_matter,
    split_sections,
    sync_faq,
    update_fields,
)
from reference.models import ASPECTS, StatusCode

from .models import SECTIONS, AspectOverride, Comparison, ComparisonFAQEntry

ASPECT_NAMES = [name for name, _ in ASPECTS]
CELL_RE = re.compile(r"^Cell: ([a-z_]+) ([1-5][0-9]{2})$")
MIN_FAQ = 3


class ComparisonLoader(ContentLoader):
    directory = "comparisons/content/comparisons"
    label = "comparisons"

    def parse(self, text, path):
        data, body = split_front_matter(text, path)
        codes = require(data, "codes", list, path)
        if len(codes) != 2 or not all(isinstance(c, int) and not isinstance(c, bool) for c in codes):
            raise ContentError(path, "codes", "must be a list of exactly two status codes")
        low, high = codes
        if low == high:
            raise ContentError(path, "codes", "must be two different codes")
        if low > high:
            raise ContentError(path, "codes", "must be in canonical order, lower code first")
        slug = Comparison.slug_for(low, high)
        if not path.endswith(f"{slug}.md"):
            raise ContentError(path, "codes", f"the file for {codes} must be named {slug}.md")
        related = data.get("related") or []
        if not isinstance(related, list) or not all(isinstance(s, str) for s in related):
            raise ContentError(path, "related", "must be a list of comparison slugs")
        unknown_keys = set(data) - {"codes", "title", "gist", "related", "aliases", "published"}
        if unknown_keys:
            raise ContentError(path, ", ".join(sorted(unknown_keys)), "unknown field")

        headings = {heading.format(a=low, b=high): name for name, heading in SECTIONS}
        texts, faq, overrides = {}, [], []
        for heading, text in split_sections(body):
            cell = CELL_RE.match(heading)
            if heading == "FAQ":
                faq = parse_faq(text, path)
            elif heading in headings:
                texts[headings[heading]] = text
            elif cell:
                aspect, code = cell.group(1), int(cell.group(2))
                if aspect not in ASPECT_NAMES:
                    raise ContentError(path, heading, f"{aspect!r} is not one of {ASPECT_NAMES}")
                if code not in (low, high):
                    raise ContentError(path, heading, f"{code} is not one of this pair's codes")
                if not text:
                    raise ContentError(path, heading, "is empty")
                overrides.append((aspect, "a" if code == low else "b", text))
            else:
                raise ContentError(path, heading, "is not a known section heading")
        for name, heading in SECTIONS:
            if not texts.get(name):
                raise ContentError(path, heading.format(a=low, b=high), "section is missing or empty")
        if len(faq) < MIN_FAQ:
            raise ContentError(path, "FAQ", f"needs at least {MIN_FAQ} questions, has {len(faq)}")
        gist = require(data, "gist", str, path).strip()
        if len(gist) > 200:
            raise ContentError(path, "gist", "is longer than 200 characters")
        title = require(data, "title", str, path).strip()
        check_lengths({"title": title}, Comparison, path)
        for question, _ in faq:
            check_lengths({"question": question}, ComparisonFAQEntry, path)
        return {
            "path": path,
            "slug": slug,
            "codes": (low, high),
            "fields": {
                "title": title,
                "gist": gist,
                "published": data.get("published", True) is not False,
                "aliases": parse_aliases(data, path),
                **texts,
            },
            "faq": faq,
            "overrides": overrides,
            "related": related,
        }

    def check_references(self, records):
        known_codes = set(StatusCode.objects.values_list("code", flat=True))
        known_slugs = {record["slug"] for record in records}
        known_slugs |= set(Comparison.objects.values_list("slug", flat=True))
        errors = []
        for record in records:
            path = record["path"]
            missing = [code for code in record["codes"] if code not in known_codes]
            if missing:
                errors.append(ContentError(path, "codes", f"unknown status codes {missing}"))
            missing_slugs = sorted(set(record["related"]) - known_slugs)
            if missing_slugs:
                errors.append(ContentError(path, "related", f"unknown comparisons {missing_slugs}"))
        return errors + super().check_references(records)

    def markdown_texts(self, record):
        low, high = record["codes"]
        texts = [(heading.format(a=low, b=high), record["fields"][name]) for name, heading in SECTIONS]
        texts += [(f"FAQ: {question}", answer) for question, answer in record["faq"]]
        codes = {"a": low, "b": high}
        return texts + [(f"Cell: {aspect} {codes[side]}", text) for aspect, side, text in record["overrides"]]

    def apply(self, record):
        low, high = record["codes"]
        instance = Comparison.objects.filter(slug=record["slug"]).first()
        created = instance is None
        if created:
            instance = Comparison(code_a=StatusCode.objects.get(code=low), code_b=StatusCode.objects.get(code=high))
        changed = update_fields(instance, record["fields"])
        if created or changed:
            instance.save()
        faq_changed = sync_faq(
            list(instance.faq.all()),
            record["faq"],
            lambda **values: ComparisonFAQEntry.objects.create(comparison=instance, **values),
        )
        current = [(o.aspect, o.side, o.text) for o in instance.overrides.all()]
        wanted = sorted(record["overrides"])
        overrides_changed = current != wanted
        if overrides_changed:
            instance.overrides.all().delete()
            for aspect, side, text in wanted:
                AspectOverride.objects.create(comparison=instance, aspect=aspect, side=side, text=text)
        if created:
            return "created"
        return "updated" if changed or faq_changed or overrides_changed else "unchanged"

    def finish(self, records):
        changed = set()
        by_slug = {c.slug: c for c in Comparison.objects.prefetch_related("related")}
        for record in records:
            instance = by_slug[record["slug"]]
            if {c.slug for c in instance.related.all()} != set(record["related"]):
                instance.related.set([by_slug[slug] for slug in record["related"]])
                changed.add(instance.slug)
        return changed

    def to_file(self, instance):
        front = {
            "codes": [instance.code_a.code, instance.code_b.code],
            "title": instance.title,
            "gist": instance.gist,
            "related": [c.slug for c in instance.related.all()],
        }
        if instance.aliases:
            front["aliases"] = OnePerLine(instance.aliases)
        if not instance.published:
            front["published"] = False
        sections = [(instance.section_heading(name), getattr(instance, name)) for name, _ in SECTIONS]
        sections.append(("FAQ", dump_faq([(e.question, e.answer) for e in instance.faq.all()])))
        for override in instance.overrides.all():
            code = instance.code_a if override.side == "a" else instance.code_b
            sections.append((f"Cell: {override.aspect} {code.code}", override.text))
        return dump_file(front, sections)

    def rows_as_files(self):
        queryset = Comparison.objects.with_codes().prefetch_related("related", "faq", "overrides")
        return {f"{self.directory}/{instance.slug}.md": self.to_file(instance) for instance in queryset}

    def comparable(self, record):
        data = super().comparable(record)
        return {**data, "related": sorted(data["related"]), "overrides": sorted(data["overrides"])}
