"""Any save or delete of content moves the content revision, which invalidates cached pages.

Before any save, content text gets LF line endings, whichever path wrote it (admin, restore,
loader, shell), so files, history and diffs never see a CRLF.
"""

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from reference.rendering import normalise_newlines

from .content_models import CONTENT_MODEL_LABELS


def content_changed(sender, **kwargs):
    from .models import ContentRevision

    if kwargs.get("raw"):
        return
    ContentRevision.bump()


def normalise_text(sender, instance, **kwargs):
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and "\r" in value:
                setattr(instance, field.attname, normalise_newlines(value))


def connect():
    from django.apps import apps

    for label in CONTENT_MODEL_LABELS:
        model = apps.get_model(label)
        pre_save.connect(normalise_text, sender=model, dispatch_uid=f"normalise-{label}")
        post_save.connect(content_changed, sender=model, dispatch_uid=f"revision-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"revision-delete-{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"revision-m2m-{label}-{field.name}"
            )


connect()
