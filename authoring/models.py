"""The content revision: one row whose number moves on every content save or delete.

Page caches key on it and pages send it as their Last-Modified, so an edit in the
admin shows at once on every server, whatever cache backend each one uses.
"""
from django.conf import settings
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


class DraftRevisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DraftRevision.Status.DRAFT)

    def of(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def named(self, raw_id):
        """The draft whose id a query string gives (?draft=12), or None for anything else."""
        raw_id = raw_id or ""
        return self.filter(pk=int(raw_id)).first() if raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 19 else None


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
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
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
