"""Create the "Content authors" group: add, change and view on the content models, nothing else."""
from django.db import migrations


def create_group(apps, schema_editor):
    from authoring.permissions import ensure_authors_group

    ensure_authors_group(apps)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Content authors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authoring", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reference", "0001_initial"),
        ("comparisons", "0001_initial"),
        ("wizard", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
