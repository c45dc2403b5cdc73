"""The content revision: one row whose number moves on every content save or delete.

Page caches key on it and pages send it as their Last-Modified, so an edit in the
admin shows on every server within CACHE_SECONDS, whatever cache backend each one uses.
"""

import logging
import threading
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

CACHE_KEY = "content-revision"
# How long a process may trust the revision it read before asking the database again: with a
# shared cache (Redis) every process sees a save at once; with per-process memory within this
# many seconds. The cost is one indexed one-row query per process per interval.
CACHE_SECONDS = 0.25
# After a database failure, how long to keep serving the last known revision before trying again.
OUTAGE_RETRY_SECONDS = 1.0


class RevisionUnavailable(DatabaseError):
    """The database cannot be read and this process has never known a revision."""


class ContentRevision(models.Model):
    number = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content revision"

    def __str__(self):
        return f"revision {self.number} ({self.changed_at:%Y-%m-%d %H:%M})"

    # The last revision this process read, and until when it may be used without asking again.
    _known = None
    _known_until = 0.0
    _lock = threading.Lock()

    @classmethod
    def current(cls):
        """The revision, read at most every CACHE_SECONDS; the last known one while the database is down.

        Serving the last known revision during an outage keeps cached pages available (they are
        keyed on it); only a process that has never read one answers 503.
        """
        now = time.monotonic()
        known = cls._known
        if known is not None and now < cls._known_until:
            return known
        try:
            revision = cache.get(CACHE_KEY)
        except Exception:  # a shared cache that is down is a miss, not an error
            revision = None
        if revision is None:
            try:
                revision = cls.objects.filter(pk=1).first()
                if revision is None:
                    revision, _ = cls.objects.get_or_create(pk=1)
            except DatabaseError as error:
                if known is None:
                    raise RevisionUnavailable(str(error)) from error
                logger.warning("Database unavailable, serving revision %s: %s", known.number, error)
                with cls._lock:
                    cls._known_until = now + OUTAGE_RETRY_SECONDS
                return known
            try:
                cache.set(CACHE_KEY, revision, CACHE_SECONDS * 4)
            except Exception:
                pass
        with cls._lock:
            cls._known, cls._known_until = revision, now + CACHE_SECONDS
        return revision

    @classmethod
    def forget(cls):
        """Drop what this process knows, so the next current() reads the database."""
        with cls._lock:
            cls._known, cls._known_until = None, 0.0
        cache.delete(CACHE_KEY)

    @classmethod
    def bump(cls):
        """Move the revision once per transaction, however many rows the transaction saves.

        A save in the admin writes a row, its inlines and their history; load_content writes every
        file in one transaction: each is one bump. The update runs inside the transaction, so other
        connections see the new number together with the new content, at commit.
        """
        token = _transaction_token()
        if token is not _NO_TRANSACTION:
            for sids, callback, _ in connection.run_on_commit:
                if callback == cls.forget and (token is None or token in sids):
                    return  # already bumped in this transaction
            transaction.on_commit(cls.forget)
        updated = cls.objects.filter(pk=1).update(number=models.F("number") + 1, changed_at=timezone.now())
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 2})
        cls.forget()


_NO_TRANSACTION = object()


def per_revision(build):
    """`build()` once per content revision in this process, for data that pages derive from the
    content alone (the wizard's tree, search's catalogue of pages). Every content save moves the
    revision, so the next call builds anew; the revision's time is in the key because a database
    rebuilt from scratch counts from 1 again."""

    @wraps(build)
    def cached():
        revision = ContentRevision.current()
        key = (revision.number, revision.changed_at)
        loaded_key, value = cached.loaded  # one tuple: threads never see a key with another's value
        if loaded_key != key:
            value = build()
            cached.loaded = (key, value)
        return value

    cached.loaded = (None, None)
    return cached


def _transaction_token():
    """What identifies the current transaction: None for a real outermost one, the savepoint id of
    the outermost block a test case did not open, or _NO_TRANSACTION in autocommit."""
    blocks = connection.atomic_blocks
    for index, block in enumerate(blocks):
        if not getattr(block, "_from_testcase", False):
            return None if index == 0 else connection.savepoint_ids[index - 1]
    return _NO_TRANSACTION


class ContentFile(models.Model):
    """A content file's fingerprint as last loaded or exported, to tell admin edits from file edits.

    When a row's fingerprint in the database moves away from this one, someone changed it in the
    admin since; when the file's does, someone changed the file. load_content refuses to overwrite
    the first kind without --force.
    """

    path = models.CharField(
        max_length=300, unique=True, help_text="Relative to the project, e.g. reference/content/codes/301.md."
    )
    fingerprint = models.CharField(max_length=64)
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "content file as last loaded or exported"
        ordering = ["path"]

    def __str__(self):
        return self.path

    @classmethod
    def record(cls, fingerprints):
        """Store {path: fingerprint} as the state every one of these files and rows now agree on."""
        known = {row.path: row for row in cls.objects.filter(path__in=list(fingerprints))}
        for path, fingerprint in fingerprints.items():
            row = known.get(path)
            if row is None:
                cls.objects.create(path=path, fingerprint=fingerprint)
            elif row.fingerprint != fingerprint:
                row.fingerprint = fingerprint
                row.save(update_fields=["fingerprint", "synced_at"])


class DraftRevisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DraftRevision.Status.DRAFT)

    def of(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def named(self, raw_id):
        """The draft whose id a query string gives (?draft=12), or None for anything else."""
        raw_id = raw_id or ""
        return (
            self.filter(pk=int(raw_id)).first() if raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 19 else None
        )


class DraftRevision(models.Model):
    """Changes to a published page kept aside until an editor publishes them; the public sees none.

    Holds the page's own fields (text and facts) as the change form had them; FAQ entries, table
    cells and related links are edited on the page directly.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(help_text="{field: value} of the page's fields in this draft.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = DraftRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        permissions = [("publish_draftrevision", "Can publish a draft revision (editors)")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], condition=models.Q(status="draft"), name="one_open_draft_per_page"
            ),
        ]

    def __str__(self):
        return f"draft revision #{self.pk} of {self.content_type.model} {self.object_id}"

    @staticmethod
    def values_from(form):
        """The form's values for the model's own fields, as JSON (foreign keys as their ids)."""
        opts = form._meta.model._meta
        data = {}
        for name, value in form.cleaned_data.items():
            try:
                field = opts.get_field(name)
            except Exception:
                continue
            if field.many_to_many or not field.concrete or not field.editable:
                continue
            data[name] = value.pk if isinstance(value, models.Model) else value
        return data

    def apply_to(self, obj):
        """Put the draft's values on an (unsaved) instance, with its Markdown rendered for preview."""
        for name, value in self.data.items():
            setattr(obj, obj._meta.get_field(name).attname, value)
        if hasattr(obj, "render_markdown_fields"):
            obj.render_markdown_fields()
        return obj

    def publish(self, user):
        self.status, self.published_by, self.published_at = self.Status.PUBLISHED, user, timezone.now()
        self.save(update_fields=["status", "published_by", "published_at", "updated_at"])
