"""Shipped content as files: parsing, validation, loading and export.

A content file is YAML front matter between `---` lines followed by Markdown
sections under H2 headings. Each app that ships content has a loader (its
AppConfig names it in `content_loader`); `manage.py load_content` and
`export_content` run every loader in INSTALLED_APPS order.
"""

import hashlib
import json
import re
from pathlib import Path

import yaml
from django.conf import settings

from .models import GUIDE_SECTIONS, REQUIRED_SECTIONS, FAQEntry, StatusCode
from .rendering import bad_shorthands, linked_codes, markdown_problem, normalise_newlines, shorthand_advice

FENCE_RE = re.compile(r"^(```|~~~)")
HEADER_TOKEN_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")


class ContentError(Exception):
    """A bad content file: names the file and the field so an author can fix it."""

    def __init__(self, path, field, message):
        self.path, self.field, self.message = path, field, message
        super().__init__(f"{path}: {field}: {message}")


# Parsing -------------------------------------------------------------------


def split_front_matter(text, path):
    if not text.startswith("---\n"):
        raise ContentError(path, "front matter", "the file must start with a '---' line")
    end = text.find("\n---\n", 4)
    if end == -1:
        raise ContentError(path, "front matter", "no closing '---' line")
    try:
        data = yaml.safe_load(text[4:end])
    except yaml.YAMLError as error:
        raise ContentError(path, "front matter", f"invalid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ContentError(path, "front matter", "must be a mapping of field: value")
    return data, text[end + 5 :]


def split_sections(body, marker="## "):
    """[(heading, text)] for each heading starting with `marker`, ignoring fenced code."""
    sections, heading, lines, in_fence = [], None, [], False
    for line in body.split("\n"):
        if FENCE_RE.match(line.strip()):
            in_fence = not in_fence
        if not in_fence and line.startswith(marker):
            if heading is not None:
                sections.append((heading, "\n".join(lines).strip()))
            heading, lines = line[len(marker) :].strip(), []
        elif heading is not None:
            lines.append(line)
        elif line.strip() and not in_fence:
            raise ContentError(None, "body", f"text before the first '{marker.strip()}' heading")
    if heading is not None:
        sections.append((heading, "\n".join(lines).strip()))
    return sections


def parse_faq(text, path):
    try:
        entries = split_sections(text, marker="### ")
    except ContentError:
        raise ContentError(path, "FAQ", "every FAQ entry must start with an H3 (###) question") from None
    for question, answer in entries:
        if not answer:
            raise ContentError(path, "FAQ", f"the question {question!r} has no answer")
    return entries


def require(data, key, kind, path, allow_empty=False):
    if key not in data:
        raise ContentError(path, key, "is missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ContentError(path, key, f"must be {getattr(kind, '__name__', kind)}, not {value!r}")
    if not allow_empty and isinstance(value, str) and not value.strip():
        raise ContentError(path, key, "must not be empty")
    return value


def check_lengths(values, model, path):
    """Refuse text longer than its database column (PostgreSQL would fail the whole load)."""
    for name, value in values.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise ContentError(path, name, f"is limited to {limit} characters (it has {len(value)})")


def parse_aliases(data, path):
    """The optional `aliases:` list: what people type in a search box for this page."""
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ContentError(path, "aliases", "must be a list of non-empty texts")
    return [alias.strip() for alias in aliases]


def check_url(value, path, field):
    if not re.match(r"^https?://[^\s]+$", value):
        raise ContentError(path, field, f"must be an http(s) URL, not {value!r}")


# Canonical output ------------------------------------------------------------


class _ContentDumper(yaml.SafeDumper):
    """Block mappings, flow lists: the shape the shipped files use."""


class OnePerLine(list):
    """A list written one item per line (aliases are long texts; a line each reads and diffs well)."""


class Quoted(str):
    """A string always written in double quotes (section numbers such as "15.4.2" or "4")."""


_ContentDumper.add_representer(
    Quoted, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
)
_ContentDumper.add_representer(
    list, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)
_ContentDumper.add_representer(
    OnePerLine, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=False)
)


def dump_file(front_matter, sections):
    head = yaml.dump(front_matter, Dumper=_ContentDumper, sort_keys=False, allow_unicode=True, width=100)
    parts = [f"---\n{head}---\n"]
    for heading, text in sections:
        parts.append(f"\n## {heading}\n\n{text.strip()}\n")
    return "".join(parts)


def dump_faq(entries):
    return "\n\n".join(f"### {question}\n\n{answer.strip()}" for question, answer in entries)


# Loader base -----------------------------------------------------------------


class ContentLoader:
    """Reads, validates, loads and exports one kind of content file."""

    directory = None  # relative to settings.CONTENT_DIR
    label = None

    def path(self):
        return Path(settings.CONTENT_DIR) / self.directory

    def files(self):
        return sorted(self.path().glob("*.md"), key=self.sort_key)

    def sort_key(self, path):
        return path.name

    def display_path(self, path):
        try:
            return str(path.relative_to(settings.CONTENT_DIR))
        except ValueError:
            return str(path)

    def parse_all(self):
        """(records, errors): every file parsed; errors as ContentError."""
        records, errors = [], []
        for file in self.files():
            shown = self.display_path(file)
            try:
                text = file.read_text(encoding="utf-8")
                record = self.parse(text, shown)
                self.check_markdown(record)
                records.append(record)
            except ContentError as error:
                if error.path is None:
                    error = ContentError(shown, error.field, error.message)
                errors.append(error)
            except UnicodeDecodeError:
                errors.append(ContentError(shown, "file", "is not UTF-8"))
        if not errors:
            errors.extend(self.check_references(records))
        return records, errors

    def check_references(self, records):
        """Errors for [[nnn]] links to codes that neither the files nor the database have."""
        known = {record["fields"]["code"] for record in records if "code" in record.get("fields", {})}
        known |= set(StatusCode.objects.values_list("code", flat=True))
        errors = []
        for record in records:
            for field, text in self.markdown_texts(record):
                broken = sorted(linked_codes(text) - known)
                if broken:
                    links = ", ".join(f"[[{code}]]" for code in broken)
                    errors.append(ContentError(record["path"], field, f"links to unknown codes: {links}"))
        return errors

    def markdown_texts(self, record):
        """(field as the file names it, Markdown text) for every Markdown text in a record."""
        return []

    def check_markdown(self, record):
        """Refuse texts the pipeline will not render, and "[[" that is not a whole [[nnn]] link."""
        for field, text in self.markdown_texts(record):
            problem = markdown_problem(text)
            if problem:
                raise ContentError(record["path"], field, problem)
            bad = bad_shorthands(text)
            if bad:
                raise ContentError(record["path"], field, shorthand_advice(bad))

    def parse(self, text, path):
        raise NotImplementedError

    def apply(self, record):
        """Create or update one record; return 'created', 'updated' or 'unchanged'."""
        raise NotImplementedError

    def finish(self, records):
        """Link records to each other once all exist; return names of those changed."""
        return set()

    def check_loaded(self, loaded):
        """After every loader has applied its files: errors that only the whole content shows.

        `loaded` is [(loader, records)] for every loader; a loader checks what the others' files
        say about its rows (the observations cited by the guides, say). Errors undo the whole load.
        """
        return []

    def warnings(self):
        """After loading: sentences for authors about content that loads but needs attention."""
        return []

    def rows_as_files(self):
        """{path as display_path shows it: text} for every database row, exactly as export writes it."""
        raise NotImplementedError

    def export(self, directory):
        """Write every row back to its file; return the paths written."""
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for shown, text in self.rows_as_files().items():
            path = directory / Path(shown).name
            path.write_text(text, encoding="utf-8")
            written.append(path)
        return written

    def comparable(self, record):
        """A record in a form where equal content compares equal (no path, sets sorted)."""
        return {key: value for key, value in record.items() if key != "path"}

    def fingerprint(self, text, shown):
        """A hash of what a file (or a row written as one) means, not of its exact formatting."""
        try:
            data = json.dumps(self.comparable(self.parse(normalise_newlines(text), shown)), sort_keys=True, default=str)
        except ContentError:
            data = text
        return hashlib.sha256(data.encode()).hexdigest()


def update_fields(instance, values):
    """Set values on instance; True when any differed."""
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    return changed


def sync_faq(existing, entries, create):
    """Replace FAQ rows when the (question, answer) list differs; True if it did."""
    current = [(entry.question, entry.answer) for entry in existing]
    if current == list(entries):
        return False
    for entry in existing:
        entry.delete()
    for order, (question, answer) in enumerate(entries, start=1):
        create(question=question, answer=answer, order=order)
    return True


# Status codes ------------------------------------------------------------------

SECTION_BY_HEADING = {heading: name for name, heading in GUIDE_SECTIONS}


class StatusCodeLoader(ContentLoader):
    directory = "reference/content/codes"
    label = "status codes"

    def sort_key(self, path):
        return (0, int(path.stem)) if path.stem.isdigit() else (1, path.stem)

    def parse(self, text, path):
        data, body = split_front_matter(text, path)
        code = require(data, "code", int, path)
        if not 100 <= code <= 599:
            raise ContentError(path, "code", f"{code} is outside 100-599")
        if Path(path).stem != str(code):
            raise ContentError(path, "code", f"{code} does not match the file name")
        standing = require(data, "standing", str, path)
        if standing not in StatusCode.Standing.values:
            raise ContentError(path, "standing", f"{standing!r} is not one of {StatusCode.Standing.values}")
        origin = data.get("origin") or ""
        if not isinstance(origin, str):
            raise ContentError(path, "origin", "must be text or null")
        if (standing == "non-standard") != bool(origin):
            raise ContentError(path, "origin", "is required for non-standard codes and only for them")
        spec = require(data, "spec", dict, path)
        for key in ("document", "url"):
            require(spec, key, str, path)
        section = spec.get("section", "")
        if not isinstance(section, str):
            raise ContentError(path, "spec.section", "must be a quoted string")
        check_url(spec["url"], path, "spec.url")
        summary = require(data, "summary", str, path).strip()
        if len(summary) > 300:
            raise ContentError(path, "summary", "is longer than 300 characters")
        redirect = data.get("redirect")
        if redirect is not None:
            if not isinstance(redirect, dict):
                raise ContentError(path, "redirect", "must be null or a mapping")
            require(redirect, "permanent", bool, path)
            method = require(redirect, "method", str, path)
            if method not in StatusCode.RedirectMethod.values:
                raise ContentError(
                    path, "redirect.method", f"{method!r} is not one of {StatusCode.RedirectMethod.values}"
                )
        headers = require(data, "headers", list, path, allow_empty=True)
        for header in headers:
            if not isinstance(header, str) or not HEADER_TOKEN_RE.match(header):
                raise ContentError(path, "headers", f"{header!r} is not a header field name")
        related = data.get("related") or []
        if not isinstance(related, list) or not all(isinstance(c, int) for c in related):
            raise ContentError(path, "related", "must be a list of status codes")
        former_reasons = data.get("former_reasons") or []
        if not isinstance(former_reasons, list) or not all(
            isinstance(name, str) and name.strip() for name in former_reasons
        ):
            raise ContentError(path, "former_reasons", "must be a list of reason phrases")
        client_saw = data.get("client_saw") or ""
        if not isinstance(client_saw, str):
            raise ContentError(path, "client_saw", "must be text or null")
        if client_saw and not origin:
            raise ContentError(path, "client_saw", "is only for non-standard codes that their origin logs")
        unknown_keys = set(data) - {
            "former_reasons",
            "client_saw",
            "code",
            "reason",
            "standing",
            "origin",
            "spec",
            "summary",
            "heuristically_cacheable",
            "redirect",
            "body_allowed",
            "headers",
            "related",
            "aliases",
            "published",
        }
        if unknown_keys:
            raise ContentError(path, ", ".join(sorted(unknown_keys)), "unknown field")

        sections = split_sections(body)
        texts, faq = {}, []
        for heading, text in sections:
            if heading == "FAQ":
                faq = parse_faq(text, path)
            elif heading in SECTION_BY_HEADING:
                if SECTION_BY_HEADING[heading] in texts:
                    raise ContentError(path, heading, "appears twice")
                texts[SECTION_BY_HEADING[heading]] = text
            else:
                raise ContentError(path, heading, "is not a known section heading")
        for name in REQUIRED_SECTIONS:
            if not texts.get(name):
                heading = dict(GUIDE_SECTIONS)[name]
                raise ContentError(path, heading, "section is missing or empty")
        for question, _ in faq:
            check_lengths({"question": question}, FAQEntry, path)
        record = {
            "path": path,
            "fields": {
                "code": code,
                "reason": require(data, "reason", str, path).strip(),
                "former_reasons": [name.strip() for name in former_reasons],
                "standing": standing,
                "origin": origin,
                "client_saw": client_saw.strip(),
                "spec_document": spec["document"],
                "spec_section": section,
                "spec_url": spec["url"],
                "summary": summary,
                "heuristically_cacheable": require(data, "heuristically_cacheable", bool, path),
                "redirect_permanent": redirect["permanent"] if redirect else None,
                "redirect_method": redirect["method"] if redirect else "",
                "body_allowed": require(data, "body_allowed", bool, path),
                "headers": headers,
                "published": data.get("published", True) is not False,
                "aliases": parse_aliases(data, path),
                **{name: texts.get(name, "") for name, _ in GUIDE_SECTIONS},
            },
            "faq": faq,
            "related": related,
        }
        check_lengths({k: v for k, v in record["fields"].items() if k not in dict(GUIDE_SECTIONS)}, StatusCode, path)
        return record

    def markdown_texts(self, record):
        texts = [(heading, record["fields"][name]) for name, heading in GUIDE_SECTIONS]
        return texts + [(f"FAQ: {question}", answer) for question, answer in record["faq"]]

    def check_references(self, records):
        known = {record["fields"]["code"] for record in records}
        known |= set(StatusCode.objects.values_list("code", flat=True))
        errors = []
        for record in records:
            missing = sorted(set(record["related"]) - known)
            if missing:
                errors.append(ContentError(record["path"], "related", f"unknown codes {missing}"))
        return errors + super().check_references(records)

    def apply(self, record):
        fields = record["fields"]
        instance = StatusCode.objects.filter(code=fields["code"]).first()
        created = instance is None
        if created:
            instance = StatusCode(code=fields["code"])
        changed = update_fields(instance, fields)
        if created or changed:
            instance.save()
        faq_changed = sync_faq(
            list(instance.faq.all()),
            record["faq"],
            lambda **values: FAQEntry.objects.create(status_code=instance, **values),
        )
        if created:
            return "created"
        return "updated" if changed or faq_changed else "unchanged"

    def finish(self, records):
        changed = set()
        by_code = {code.code: code for code in StatusCode.objects.prefetch_related("related")}
        for record in records:
            instance = by_code[record["fields"]["code"]]
            wanted = [by_code[code] for code in record["related"]]
            if {code.code for code in instance.related.all()} != set(record["related"]):
                instance.related.set(wanted)
                changed.add(str(instance.code))
        return changed

    def to_file(self, instance):
        front = {"code": instance.code, "reason": instance.reason}
        if instance.former_reasons:
            front["former_reasons"] = list(instance.former_reasons)
        front |= {
            "standing": instance.standing,
            "origin": instance.origin or None,
        }
        if instance.client_saw:
            front["client_saw"] = instance.client_saw
        front |= {
            "spec": {
                "document": instance.spec_document,
                "section": Quoted(instance.spec_section),
                "url": instance.spec_url,
            },
            "summary": instance.summary,
            "heuristically_cacheable": instance.heuristically_cacheable,
            "redirect": instance.redirect_as_json(),
            "body_allowed": instance.body_allowed,
            "headers": list(instance.headers),
            "related": [code.code for code in instance.related.all()],
        }
        if instance.aliases:
            front["aliases"] = OnePerLine(instance.aliases)
        if not instance.published:
            front["published"] = False
        sections = [
            (heading, getattr(instance, name)) for name, heading in GUIDE_SECTIONS if getattr(instance, name).strip()
        ]
        faq = [(entry.question, entry.answer) for entry in instance.faq.all()]
        if faq:
            sections.append(("FAQ", dump_faq(faq)))
        return dump_file(front, sections)

    def rows_as_files(self):
        return {
            f"{self.directory}/{instance.code}.md": self.to_file(instance)
            for instance in StatusCode.objects.prefetch_related("related", "faq")
        }

    def comparable(self, record):
        return {**super().comparable(record), "related": sorted(record["related"])}
