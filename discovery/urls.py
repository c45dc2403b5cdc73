from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from authoring.caching import cached_page

from . import views
from .sitemaps import SITEMAPS

app_name = "discovery"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", cached_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/openapi.json", views.openapi_json, name="openapi"),
    re_path(r"^embed/codes/(?P<code>[1-5][0-9]{2})/$", views.embed_code, name="embed-code"),
    path("oembed/", views.oembed, name="oembed"),
    re_path(r"^badge/(?P<code>[1-5][0-9]{2})\.svg$", views.badge, name="badge"),
]
