"""The "Content authors" group: add, change and view on the content models, nothing else."""
from .content_models import CONTENT_MODELS

AUTHORS_GROUP = "Content authors"
ACTIONS = ["add", "change", "view"]


def ensure_authors_group(apps):
    """Create the group (or reset its permissions); `apps` is a migration's or the live registry."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate finishes; the group needs them now.
    for app_config in apps.get_app_configs():
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=AUTHORS_GROUP)
    # A migration's registry holds only the apps migrated so far; a later app's migration calls this again.
    present = {(model._meta.app_label, model._meta.model_name) for model in apps.get_models()}
    codenames = [
        f"{action}_{model}" for app, models in CONTENT_MODELS.items() for model in models
        if (app, model) in present for action in ACTIONS
    ]
    permissions = Permission.objects.filter(content_type__app_label__in=list(CONTENT_MODELS), codename__in=codenames)
    if permissions.count() != len(codenames):
        raise RuntimeError("Some content permissions are missing; cannot set up the authors group.")
    group.permissions.set(permissions)
    return group
