from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    name = "authoring"
    verbose_name = "Authoring"

    def ready(self):
        from . import signals  # noqa: F401  (connects cache invalidation)
