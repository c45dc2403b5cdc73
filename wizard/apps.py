from django.apps import AppConfig


class WizardConfig(AppConfig):
    name = "wizard"
    verbose_name = "Decision wizard"
    content_loader = "wizard.content.TreeLoader"
