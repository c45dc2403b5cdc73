"""Give the "Content authors" and "Editors" groups add, change and view on the observations.

A migration of its own (like errors/0002), so databases that already ran authoring's group
migrations can still migrate: a run_before on them would make their history inconsistent.
"""
from django.db import migrations


def update_groups(apps, schema_editor):
    from authoring.permissions import ensure_editors_group

    ensure_editors_group(apps)  # sets the authors group first, then the editors from it


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("authoring", "0005_editors_group"),
    ]

    operations = [migrations.RunPython(update_groups, migrations.RunPython.noop)]
