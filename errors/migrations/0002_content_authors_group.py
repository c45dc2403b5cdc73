"""Give the "Content authors" group add, change and view on the error guides."""
from django.db import migrations


def update_group(apps, schema_editor):
    from authoring.permissions import ensure_authors_group

    ensure_authors_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("errors", "0001_initial"),
        ("authoring", "0002_content_authors_group"),
    ]

    operations = [migrations.RunPython(update_group, migrations.RunPython.noop)]
