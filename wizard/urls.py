from django.urls import path

from . import views

app_name = "wizard"

urlpatterns = [
    path("wizard/", views.wizard, name="wizard"),
    path("api/wizard/", views.api_tree, name="api-tree"),
]
