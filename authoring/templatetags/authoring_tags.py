import difflib
from itertools import chain

from django import template
from django.utils.html import format_html, format_html_join

from authoring.content_models import CONTENT_MODEL_LABELS

register = template.Library()


@register.filter
def text_diff(change):
    """A line diff of one changed field (old → new), for Markdown-sized texts."""
    old, new = (change.get(key) if isinstance(change, dict) else getattr(change, key) for key in ("old", "new"))
    old, new = str(old or ""), str(new or "")
    if "\n" not in old + new and len(old) + len(new) < 160:
        return format_html("<del>{}</del> → <ins>{}</ins>", old, new)
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    rows = [(("del" if l.startswith("-") else "ins" if l.startswith("+") else "span"), l)
            for l in list(lines)[2:]]
    return format_html('<pre class="md-diff">{}</pre>', format_html_join("\n", "<{0}>{1}</{0}>", rows))


@register.filter
def full_changes(record):
    """Each field this version changed, with the complete old and new values (not abbreviated)."""
    previous = record.prev_record
    if previous is None:
        return []
    return record.diff_against(previous).changes


@register.simple_tag
def recent_edits(limit=15):
    """The latest history records across the content models, newest first."""
    from django.apps import apps

    records = chain.from_iterable(
        apps.get_model(label).history.select_related("history_user").order_by("-history_date")[:limit]
        for label in CONTENT_MODEL_LABELS
    )
    return sorted(records, key=lambda record: record.history_date, reverse=True)[:limit]
