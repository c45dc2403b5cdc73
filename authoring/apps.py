from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    name = "authoring"
    verbose_name = "Authoring"

    def ready(self):
        from . import lockout, signals  # noqa: F401  (connect the per-address login count and cache invalidation)
