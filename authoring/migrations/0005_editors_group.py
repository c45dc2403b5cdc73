"""Authors may keep draft revisions of published pages; the new "Editors" group also publishes them."""
from django.db import migrations


def create_groups(apps, schema_editor):
    from authoring.permissions import ensure_editors_group

    ensure_editors_group(apps)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authoring", "0004_draft_revision"),
        ("reports", "0002_content_authors_moderate_reports"),
    ]

    operations = [migrations.RunPython(create_groups, remove_editors)]
