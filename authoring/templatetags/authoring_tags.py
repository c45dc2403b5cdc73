import difflib
import re
from itertools import chain

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from authoring.content_models import CONTENT_MODEL_LABELS
from reference.rendering import normalise_newlines

register = template.Library()


WORD_RE = re.compile(r"\s+|\w+|[^\w\s]")


def marked_words(old, new):
    """(old line, new line) as HTML with the words that differ wrapped in <mark>.

    Lines with little in common are shown whole: marking every other word helps nobody.
    """
    old_words, new_words = WORD_RE.findall(old), WORD_RE.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    if matcher.ratio() < 0.5:
        return escape(old), escape(new)
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if op == "equal":
            old_html.append(escape(before))
            new_html.append(escape(after))
            continue
        if before:
            old_html.append(format_html('<mark class="word-del">{}</mark>', before))
        if after:
            new_html.append(format_html('<mark class="word-ins">{}</mark>', after))
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))


def diff_rows(old, new, context=1):
    """(tag, html) rows of a line diff; replaced lines are paired and their changed words marked."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    rows = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(("span", "…"))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                rows += [("span", escape(line)) for line in old_lines[i1:i2]]
                continue
            pairs = list(zip(old_lines[i1:i2], new_lines[j1:j2], strict=False)) if op == "replace" else []
            marked = [marked_words(a, b) for a, b in pairs]
            rows += [("del", html) for html, _ in marked] + [
                ("del", escape(line)) for line in old_lines[i1 + len(pairs) : i2]
            ]
            rows += [("ins", html) for _, html in marked] + [
                ("ins", escape(line)) for line in new_lines[j1 + len(pairs) : j2]
            ]
    return rows


@register.filter
def text_diff(change):
    """A coloured diff of one changed field (old → new): changed lines, and within them changed words."""
    old, new = (change.get(key) if isinstance(change, dict) else getattr(change, key) for key in ("old", "new"))
    old, new = (
        ", ".join(v) if isinstance(v, list) else normalise_newlines(str(v if v is not None else "")) for v in (old, new)
    )
    if "\n" not in old + new and len(old) + len(new) < 160:
        old_html, new_html = marked_words(old, new)
        return format_html("<del>{}</del> → <ins>{}</ins>", old_html, new_html)
    return format_html('<pre class="md-diff">{}</pre>', format_html_join("\n", "<{0}>{1}</{0}>", diff_rows(old, new)))


@register.filter
def full_changes(record):
    """Each field this version really changed, with the complete old and new values (not abbreviated).

    Values that differ only in line endings (versions saved before CRLF was normalised) are left out.
    """
    previous = record.prev_record
    if previous is None:
        return []
    return [
        change
        for change in record.diff_against(previous).changes
        if normalise_newlines(change.old) != normalise_newlines(change.new)
    ]


@register.simple_tag
def recent_edits(limit=15):
    """The latest history records across the content models, newest first."""
    from django.apps import apps

    records = chain.from_iterable(
        apps.get_model(label).history.select_related("history_user").order_by("-history_date")[:limit]
        for label in CONTENT_MODEL_LABELS
    )
    return sorted(records, key=lambda record: record.history_date, reverse=True)[:limit]
