from django.urls import path

from . import views

app_name = "wizard"

urlpatterns = [
    path("wizard/", views.wizard, name="wizard"),
    path("wizard/diagram/", views.diagram, name="diagram"),
    path("api/wizard/", views.api_tree, name="api-tree"),
    path("api/wizard/graph/", views.api_graph, name="api-graph"),
]
