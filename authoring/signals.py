"""Any save or delete of content moves the content revision, which invalidates cached pages."""
from django.db.models.signals import m2m_changed, post_delete, post_save

from .content_models import CONTENT_MODEL_LABELS


def content_changed(sender, **kwargs):
    from .models import ContentRevision

    if kwargs.get("raw"):
        return
    ContentRevision.bump()


def connect():
    from django.apps import apps

    for label in CONTENT_MODEL_LABELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"revision-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"revision-delete-{label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(content_changed, sender=field.remote_field.through, dispatch_uid=f"revision-m2m-{label}-{field.name}")


connect()
