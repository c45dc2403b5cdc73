from django.urls import path, re_path

from . import views

app_name = "errors"

# Any case and underscores are accepted and 301 to the canonical slug (/errors/ERR_CACHE_MISS/).
SLUG = r"(?P<slug>[A-Za-z0-9_-]{1,80})"

urlpatterns = [
    path("errors/", views.index, name="index"),
    re_path(rf"^errors/{SLUG}/$", views.detail, name="detail"),
    re_path(rf"^preview/errors/{SLUG}/$", views.preview, name="preview"),
    path("api/errors/", views.api_list, name="api-list"),
    re_path(rf"^api/errors/{SLUG}/$", views.api_detail, name="api-detail"),
]
