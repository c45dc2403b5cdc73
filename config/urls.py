from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("reference.urls")),
    path("", include("comparisons.urls")),
    path("", include("wizard.urls")),
    path("", include("playground.urls")),
    path("admin/", admin.site.urls),
]
