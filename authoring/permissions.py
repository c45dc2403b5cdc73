"""The roles: "Content authors" edit content, draft revisions and judge reader reports; "Editors"
also publish draft revisions. Nothing over users, groups or permissions."""

from .content_models import CONTENT_MODELS

AUTHORS_GROUP = "Content authors"
EDITORS_GROUP = "Editors"
ACTIONS = ["add", "change", "view"]
# Beyond content: drafts of published pages, and reader reports to see and judge (not delete).
BEYOND_CONTENT = {
    ("authoring", "draftrevision"): ["add", "change", "view"],
    ("reports", "readerreport"): ["view", "change"],
}
EDITOR_ONLY = [("authoring", "publish_draftrevision")]


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
    wanted = [
        (app, f"{action}_{model}")
        for app, models in CONTENT_MODELS.items()
        for model in models
        if model_exists(apps, app, model)
        for action in ACTIONS
    ]
    # Models added later (drafts, reports) join the group in their own migration, once they exist.
    wanted += [
        (app, f"{action}_{model}")
        for (app, model), actions in BEYOND_CONTENT.items()
        if model_exists(apps, app, model)
        for action in actions
    ]
    group.permissions.set(permissions_for(Permission, wanted))
    return group


def ensure_editors_group(apps):
    """Editors: everything authors may do, and publishing draft revisions."""
    authors = ensure_authors_group(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(list(authors.permissions.all()) + list(permissions_for(Permission, EDITOR_ONLY)))
    return group


def model_exists(apps, app, model):
    try:
        apps.get_model(app, model)
    except LookupError:
        return False
    return True


def permissions_for(Permission, wanted):
    """The Permission rows for [(app label, codename)]; all of them, or an error."""
    permissions = Permission.objects.none()
    for app, codename in wanted:
        permissions |= Permission.objects.filter(content_type__app_label=app, codename=codename)
    if permissions.count() != len(wanted):
        raise RuntimeError("Some content permissions are missing; cannot set up the authoring groups.")
    return permissions
