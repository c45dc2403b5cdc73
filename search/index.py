"""Keeping the index current: a full rebuild for load_content, one page's rows on every save.

Signals on the content models re-index the page an edit belongs to at once, in the same
transaction, so an answer edited in the admin is findable as soon as it is saved.
"""

import re
import threading
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from authoring.content_models import CONTENT_MODELS

from .backends import backend
from .documents import code_documents, comparison_documents, error_documents
from .models import SearchDocument, SearchTerm

WORD_RE = re.compile(r"[a-z]{4,40}")
_state = threading.local()


def words_of(rows):
    words = set()
    for row in rows:
        for text in (row.name, row.aliases, row.lead, row.body):
            words.update(WORD_RE.findall(text.lower()))
    return words


def store(rows):
    SearchDocument.objects.bulk_create(rows)
    SearchTerm.objects.bulk_create([SearchTerm(word=w) for w in sorted(words_of(rows))], ignore_conflicts=True)


def published_codes():
    from reference.models import StatusCode

    return StatusCode.objects.published().prefetch_related("faq")


def published_comparisons():
    from comparisons.models import Comparison

    return Comparison.objects.published().with_codes().prefetch_related("faq", "overrides")


def published_errors():
    from errors.models import ErrorGuide

    return ErrorGuide.objects.published().prefetch_related("faq")


# What builds each kind's rows: (the published pages, a page's key field, its rows).
INDEXERS = {
    SearchDocument.Kind.CODE: (published_codes, "code", code_documents),
    SearchDocument.Kind.COMPARISON: (published_comparisons, "slug", comparison_documents),
    SearchDocument.Kind.ERROR: (published_errors, "slug", error_documents),
}


@transaction.atomic
def rebuild():
    """Index every published code, comparison and error guide from scratch; return the number of rows."""
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    rows = [row for pages, _, documents in INDEXERS.values() for page in pages() for row in documents(page)]
    store(rows)
    optimize()
    return len(rows)


def reindex(kind, key):
    """Replace one page's rows with what it holds now (none if it is a draft or gone)."""
    SearchDocument.objects.filter(kind=kind, key=key).delete()
    pages, key_field, documents = INDEXERS[kind]
    store([row for page in pages().filter(**{key_field: key}) for row in documents(page)])


def optimize():
    """Merge the engine's index (see the backends' optimize)."""
    backend().optimize()


def optimize_on_commit():
    """One merge of the engine's index per transaction, however many pages an admin save re-indexes.
    Robust: a merge that fails (a locked database) is logged and leaves the index correct, only
    slower, instead of turning a committed save into an error page."""
    if not any(callback is optimize for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(optimize, robust=True)


def pages_of(instance):
    """(kind, key) of every page whose rows an edit of `instance` changes."""
    from comparisons.models import Comparison
    from errors.models import ErrorGuide
    from reference.models import StatusCode

    label = instance._meta.label_lower
    if label == "errors.errorguide":
        return [(SearchDocument.Kind.ERROR, instance.slug)]
    if label == "errors.errorguidefaqentry":
        slug = ErrorGuide.objects.filter(pk=instance.guide_id).values_list("slug", flat=True).first()
        return [(SearchDocument.Kind.ERROR, slug)] if slug else []
    if label == "reference.statuscode":
        # A code's draft state hides the comparisons it is in, so they are re-indexed too.
        slugs = Comparison.objects.involving(instance).values_list("slug", flat=True)
        return [(SearchDocument.Kind.CODE, str(instance.code))] + [(SearchDocument.Kind.COMPARISON, s) for s in slugs]
    if label == "reference.faqentry":
        code = StatusCode.objects.filter(pk=instance.status_code_id).values_list("code", flat=True).first()
        return [(SearchDocument.Kind.CODE, str(code))] if code else []
    if label == "comparisons.comparison":
        return [(SearchDocument.Kind.COMPARISON, instance.slug)]
    slug = Comparison.objects.filter(pk=instance.comparison_id).values_list("slug", flat=True).first()
    return [(SearchDocument.Kind.COMPARISON, slug)] if slug else []


def content_changed(sender, instance, **kwargs):
    if kwargs.get("raw") or getattr(_state, "deferred", False):
        return
    for kind, key in pages_of(instance):
        reindex(kind, key)
    optimize_on_commit()


@contextmanager
def deferred():
    """Skip per-save re-indexing inside the block and rebuild once at its end (for load_content).

    Yields a dict whose "rows" holds the size of the rebuilt index once the block is done.
    """
    report = {"rows": None}
    _state.deferred = True
    try:
        yield report
    finally:
        _state.deferred = False
    report["rows"] = rebuild()


# The content models of the indexed apps (the wizard's questions are not searched).
INDEXED_MODELS = [f"{app}.{model}" for app in ("reference", "comparisons", "errors") for model in CONTENT_MODELS[app]]


def connect_signals():
    from django.apps import apps

    for label in INDEXED_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"search-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"search-delete-{label}")
