from django.urls import path, re_path

from . import views

app_name = "comparisons"

PAIR = r"(?P<first>[1-5][0-9]{2})-vs-(?P<second>[1-5][0-9]{2})"

urlpatterns = [
    path("compare/", views.index, name="index"),
    re_path(rf"^compare/{PAIR}/$", views.detail, name="detail"),
    re_path(rf"^preview/compare/{PAIR}/$", views.preview, name="preview"),
    path("api/comparisons/", views.api_list, name="api-list"),
    re_path(rf"^api/comparisons/{PAIR}/$", views.api_detail, name="api-detail"),
]
