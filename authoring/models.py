"""The content revision: one row whose number moves on every content save or delete.

Page caches key on it and pages send it as their Last-Modified, so an edit in the
admin shows at once on every server, whatever cache backend each one uses.
"""
from django.db import models
from django.utils import timezone

AUTHORS_GROUP = "Content authors"


class ContentRevision(models.Model):
    number = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content revision"

    def __str__(self):
        return f"revision {self.number} ({self.changed_at:%Y-%m-%d %H:%M})"

    @classmethod
    def current(cls):
        revision = cls.objects.filter(pk=1).first()
        if revision is None:
            revision, _ = cls.objects.get_or_create(pk=1)
        return revision

    @classmethod
    def bump(cls):
        updated = cls.objects.filter(pk=1).update(number=models.F("number") + 1, changed_at=timezone.now())
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"number": 2})
