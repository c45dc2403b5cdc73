from django.contrib import admin
from django.urls import include, path

from authoring.views import markdown_preview

urlpatterns = [
    path("", include("reference.urls")),
    path("", include("comparisons.urls")),
    path("", include("wizard.urls")),
    path("", include("playground.urls")),
    path("", include("discovery.urls")),
    path("", include("inspector.urls")),
    path("", include("errors.urls")),
    path("admin/preview-markdown/", markdown_preview, name="markdown-preview"),
    path("admin/", admin.site.urls),
]
handler500 = "config.views.server_error"
