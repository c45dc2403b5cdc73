"""Create the "Content authors" group: add, change and view on the content models, nothing else."""
from django.db import migrations

CONTENT_MODELS = {
    "reference": ["statuscode", "faqentry"],
    "comparisons": ["comparison", "comparisonfaqentry", "aspectoverride"],
    "wizard": ["question", "answer"],
}
ACTIONS = ["add", "change", "view"]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate finishes; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content authors")
    codenames = [f"{action}_{model}" for models in CONTENT_MODELS.values() for model in models for action in ACTIONS]
    permissions = Permission.objects.filter(
        content_type__app_label__in=list(CONTENT_MODELS), codename__in=codenames
    )
    if permissions.count() != len(codenames):
        raise RuntimeError("Some content permissions are missing; cannot create the authors group.")
    group.permissions.set(permissions)


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
