from django.urls import path, re_path

from . import views

app_name = "reference"

urlpatterns = [
    path("", views.home, name="home"),
    path("codes/", views.code_list, name="code-list"),
    path("codes/cheatsheet/", views.cheatsheet, name="cheatsheet"),
    re_path(r"^codes/(?P<digit>[1-5])xx/$", views.class_list, name="class-list"),
    re_path(r"^codes/(?P<code>[1-5][0-9]{2})/$", views.code_detail, name="code-detail"),
    re_path(r"^preview/codes/(?P<code>[1-5][0-9]{2})/$", views.code_preview, name="code-preview"),
    re_path(r"^codes/(?P<code>[1-5][0-9]{2})$", views.code_redirect, name="code-redirect-no-slash"),
    re_path(r"^(?P<code>[1-5][0-9]{2})/?$", views.code_redirect, name="code-redirect"),
    path("api/codes/", views.api_code_list, name="api-code-list"),
    re_path(r"^api/codes/(?P<code>[0-9]{1,3})/$", views.api_code_detail, name="api-code-detail"),
]
