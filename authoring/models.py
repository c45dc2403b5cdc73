"""The content revision: one row whose number moves on every content save or delete.

Page caches key on it and pages send it as their Last-Modified, so an edit in the
admin shows at once on every server, whatever cache backend each one uses.
"""
from django.core.cache import cache
from django.db import models
from django.utils import timezone

CACHE_KEY = "content-revision"
# How long a process may trust the revision it read from the cache before asking the database:
# the process that saves sees its change at once; other processes with their own in-memory
# cache within this many seconds; with a shared cache (Redis) every process at once.
CACHE_SECONDS = 2


class ContentRevision(models.Model):
    number = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content revision"

    def __str__(self):
        return f"revision {self.number} ({self.changed_at:%Y-%m-%d %H:%M})"

    @classmethod
    def current(cls):
        revision = cache.get(CACHE_KEY)
        if revision is None:
            revision = cls.objects.filter(pk=1).first()
            if revision is None:
                revision, _ = cls.objects.get_or_create(pk=1)
            cache.set(CACHE_KEY, revision, CACHE_SECONDS)
        return revision

    @classmethod
    def bump(cls):
        updated = cls.objects.filter(pk=1).update(number=models.F("number") + 1, changed_at=timezone.now())
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 2})
        cache.delete(CACHE_KEY)


class ContentFile(models.Model):
    """A content file's fingerprint as last loaded or exported, to tell admin edits from file edits.

    When a row's fingerprint in the database moves away from this one, someone changed it in the
    admin since; when the file's does, someone changed the file. load_content refuses to overwrite
    the first kind without --force.
    """

    path = models.CharField(max_length=300, unique=True, help_text="Relative to the project, e.g. reference/content/codes/301.md.")
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
