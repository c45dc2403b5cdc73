from django.urls import path

from . import views

app_name = "inspector"

urlpatterns = [
    path("inspect/", views.inspect_page, name="inspect"),
    path("inspect/logs/", views.logs_page, name="logs"),
    path("api/inspect/", views.api_inspect, name="api-inspect"),
    path("api/inspect/logs/", views.api_logs, name="api-logs"),
]
