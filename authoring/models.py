"""The content revision: one row whose number moves on every content save or delete.

Page caches key on it and pages send it as their Last-Modified, so an edit in the
admin shows on every server within CACHE_SECONDS, whatever cache backend each one uses.
"""
import logging
import threading
import time

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


def _transaction_token():
    """What identifies the current transaction: None for a real outermost one, the savepoint id of
    the outermost block a test case did not open, or _NO_TRANSACTION in autocommit."""
    blocks = connection.atomic_blocks
    for index, block in enumerate(blocks):
        if not getattr(block, "_from_testcase", False):
            return None if index == 0 else connection.savepoint_ids[index - 1]
    return _NO_TRANSACTION
