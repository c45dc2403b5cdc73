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
    path("", include("reports.urls")),
    path("", include("search.urls")),
    path("", include("errors.urls")),
    path("", include("clients.urls")),
    path("admin/preview-markdown/", markdown_preview, name="markdown-preview"),
    path("admin/", admin.site.urls),
]
handler500 = "config.views.server_error"

# The admin is where authors write the content; say so instead of "Django administration".
admin.site.site_header = "Status codes: authoring"
admin.site.site_title = "Status codes authoring"
admin.site.index_title = "Content"
