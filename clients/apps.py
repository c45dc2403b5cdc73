from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Measured clients"
    content_loader = "clients.content.ObservationLoader"
