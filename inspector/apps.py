from django.apps import AppConfig


class InspectorConfig(AppConfig):
    """Explains pasted responses and access logs against the RFCs; stores nothing."""

    name = "inspector"
    verbose_name = "Response inspector"
