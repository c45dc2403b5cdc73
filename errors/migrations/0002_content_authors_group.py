"""Give the "Content authors" and "Editors" groups add, change and view on the error guides."""
from django.db import migrations


def update_group(apps, schema_editor):
    from authoring.permissions import ensure_editors_group

    ensure_editors_group(apps)  # sets the authors group first, then the editors from it


class Migration(migrations.Migration):
    dependencies = [
        ("errors", "0001_initial"),
        ("authoring", "0005_editors_group"),
    ]

    operations = [migrations.RunPython(update_group, migrations.RunPython.noop)]
