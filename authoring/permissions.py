"""The "Content authors" group: add, change and view on the content models, and moderating reports."""
from .content_models import CONTENT_MODELS

AUTHORS_GROUP = "Content authors"
ACTIONS = ["add", "change", "view"]
# Beyond content: authors see the reader reports and judge them (accept, reject), no more.
MODERATION = {"reports": ["view_readerreport", "change_readerreport"]}


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
    wanted = {app: [f"{action}_{model}" for model in models for action in ACTIONS] for app, models in CONTENT_MODELS.items()}
    installed = {config.label for config in apps.get_app_configs()}
    # Apps added later (reports) join the group in their own migration, once their models exist.
    wanted.update({app: codenames for app, codenames in MODERATION.items() if app in installed})
    permissions = Permission.objects.none()
    for app, codenames in wanted.items():
        permissions |= Permission.objects.filter(content_type__app_label=app, codename__in=codenames)
    if permissions.count() != sum(map(len, wanted.values())):
        raise RuntimeError("Some content permissions are missing; cannot set up the authors group.")
    group.permissions.set(permissions)
    return group
