from django.urls import path, re_path

from . import views

app_name = "playground"

urlpatterns = [
    path("try/", views.try_index, name="try-index"),
    path("try/testing/", views.try_testing, name="try-testing"),
    # httpstat.us answered /200 and /200/anything alike; so do /try/200, /try/200/ and /try/200/anything.
    re_path(r"^try/random/(?P<spec>[^/]*)(?:/.*)?$", views.try_random, name="try-random"),
    re_path(r"^try/(?P<code>[1-5][0-9]{2})(?:/.*)?$", views.try_code, name="try"),
    path("lab/redirects/", views.lab, name="lab"),
    re_path(r"^lab/redirects/(?P<code>[0-9]{3})/$", views.lab_redirect, name="lab-redirect"),
    re_path(r"^lab/redirects/chain/(?P<hops>[0-9]{1,3})/$", views.lab_chain, name="lab-chain"),
    re_path(r"^lab/redirects/loop/(?P<side>[ab])/$", views.lab_loop, name="lab-loop"),
    path("lab/redirects/arrived/", views.lab_arrived, name="lab-arrived"),
    re_path(r"^(?P<path>(?:try|lab)(?:/[^/]+)*)$", views.add_slash, name="add-slash"),
]
