from django.apps import AppConfig


class ErrorsConfig(AppConfig):
    name = "errors"
    verbose_name = "Errors without a status"
    content_loader = "errors.content.ErrorGuideLoader"
