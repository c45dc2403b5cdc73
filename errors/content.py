"""Error guide files: errors/content/errors/<slug>.md, YAML front matter and H2 sections."""

from pathlib import Path

from reference.content import (
    ContentError,
    ContentLoader,
    dump_faq,
    dump_file,
    parse_faq,
    require,
    split_front_matter,
    split_sections,
    sync_faq,
    update_fields,
)
from reference.models import StatusCode
from reference.rendering import linked_codes

from .models import SECTIONS, SLUG_RE, ErrorGuide, ErrorGuideFAQEntry

FRONT_MATTER_KEYS = {"name", "category", "summary", "codes", "published"}


class ErrorGuideLoader(ContentLoader):
    directory = "errors/content/errors"
    label = "error guides"

    def parse(self, text, path):
        slug = Path(path).stem
        if not SLUG_RE.match(slug):
            raise ContentError(path, "file name", "must be the slug: lower-case letters, digits and hyphens")
        data, body = split_front_matter(text, path)
        unknown_keys = set(data) - FRONT_MATTER_KEYS
        if unknown_keys:
            raise ContentError(path, ", ".join(sorted(unknown_keys)), "unknown field")
        category = require(data, "category", str, path)
        if category not in ErrorGuide.Category.values:
            raise ContentError(path, "category", f"{category!r} is not one of {ErrorGuide.Category.values}")
        summary = require(data, "summary", str, path).strip()
        if len(summary) > 300:
            raise ContentError(path, "summary", "is longer than 300 characters")
        codes = data.get("codes") or []
        if not isinstance(codes, list) or not all(isinstance(c, int) and not isinstance(c, bool) for c in codes):
            raise ContentError(path, "codes", "must be a list of status codes")
        if codes != sorted(set(codes)):
            raise ContentError(path, "codes", "must be listed once each, in ascending order")
        published = data.get("published", True)
        if not isinstance(published, bool):
            raise ContentError(path, "published", "must be true or false")

        headings = {heading: name for name, heading in SECTIONS}
        texts, faq = {}, []
        for heading, section in split_sections(body):
            if heading == "FAQ":
                faq = parse_faq(section, path)
            elif heading in headings:
                if headings[heading] in texts:
                    raise ContentError(path, heading, "appears twice")
                texts[headings[heading]] = section
            else:
                raise ContentError(path, heading, "is not a known section heading")
        for name, heading in SECTIONS:
            if not texts.get(name):
                raise ContentError(path, heading, "section is missing or empty")
        return {
            "path": path,
            "slug": slug,
            "codes": codes,
            "fields": {
                "name": require(data, "name", str, path).strip(),
                "category": category,
                "summary": summary,
                "published": published,
                **texts,
            },
            "faq": faq,
        }

    def check_references(self, records):
        known = set(StatusCode.objects.values_list("code", flat=True))
        errors = []
        for record in records:
            missing = sorted(set(record["codes"]) - known)
            if missing:
                errors.append(ContentError(record["path"], "codes", f"unknown status codes {missing}"))
            texts = [record["fields"][name] for name, _ in SECTIONS] + [answer for _, answer in record["faq"]]
            broken = sorted(set().union(*(linked_codes(text) for text in texts)) - known)
            if broken:
                links = ", ".join(f"[[{code}]]" for code in broken)
                errors.append(ContentError(record["path"], "body", f"links to unknown codes: {links}"))
        return errors

    def markdown_texts(self, record):
        texts = [(heading, record["fields"][name]) for name, heading in SECTIONS]
        return texts + [(f"FAQ: {question}", answer) for question, answer in record["faq"]]

    def apply(self, record):
        instance = ErrorGuide.objects.filter(slug=record["slug"]).first()
        created = instance is None
        if created:
            instance = ErrorGuide(slug=record["slug"])
        changed = update_fields(instance, record["fields"])
        if created or changed:
            instance.save()
        faq_changed = sync_faq(
            list(instance.faq.all()),
            record["faq"],
            lambda **values: ErrorGuideFAQEntry.objects.create(guide=instance, **values),
        )
        codes_changed = sorted(instance.codes.values_list("code", flat=True)) != sorted(record["codes"])
        if codes_changed:
            instance.codes.set(StatusCode.objects.filter(code__in=record["codes"]))
        if created:
            return "created"
        return "updated" if changed or faq_changed or codes_changed else "unchanged"

    def to_file(self, instance):
        front = {
            "name": instance.name,
            "category": instance.category,
            "summary": instance.summary,
            "codes": sorted(code.code for code in instance.codes.all()),
        }
        if not instance.published:
            front["published"] = False
        sections = [(heading, getattr(instance, name)) for name, heading in SECTIONS]
        faq = [(entry.question, entry.answer) for entry in instance.faq.all()]
        if faq:
            sections.append(("FAQ", dump_faq(faq)))
        return dump_file(front, sections)

    def rows_as_files(self):
        queryset = ErrorGuide.objects.prefetch_related("codes", "faq")
        return {f"{self.directory}/{instance.slug}.md": self.to_file(instance) for instance in queryset}

    def comparable(self, record):
        data = super().comparable(record)
        return {**data, "codes": sorted(data.get("codes", []))}
