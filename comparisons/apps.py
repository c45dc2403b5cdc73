from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Comparisons"
    content_loader = "comparisons.content.ComparisonLoader"
