"""Content saved through the admin before LF normalisation holds CRLF; rewrite it as LF.

A plain UPDATE: no history version, no cache signal (the next content save moves the revision).
"""
from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Replace

from authoring.content_models import CONTENT_MODEL_LABELS


def normalise(apps, schema_editor):
    for label in CONTENT_MODEL_LABELS:
        try:
            model = apps.get_model(label)
        except LookupError:  # a content app added after this migration: its rows are saved as LF
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            rows = model.objects.filter(**{f"{field.name}__contains": "\r"})
            rows.update(**{field.name: Replace(Replace(F(field.name), Value("\r\n"), Value("\n")), Value("\r"), Value("\n"))})


class Migration(migrations.Migration):
    dependencies = [
        ("authoring", "0005_editors_group"),
        ("reference", "0001_initial"),
        ("comparisons", "0001_initial"),
        ("wizard", "0001_initial"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
