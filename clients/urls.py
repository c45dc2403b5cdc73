from django.urls import path, re_path

from . import probe, views

app_name = "clients"

urlpatterns = [
    path("clients/", views.matrix, name="matrix"),
    path("api/clients/", views.api_list, name="api-list"),
    path("clients/probe/echo/", probe.echo, name="probe-echo"),
    path("clients/probe/form/", probe.form, name="probe-form"),
    re_path(r"^clients/probe/redirect/(?P<code>[0-9]{3})/$", probe.redirect, name="probe-redirect"),
    re_path(r"^clients/probe/hops/(?P<run>[^/]+)/(?P<hop>[0-9]{1,4})/$", probe.hops, name="probe-hops"),
    re_path(r"^clients/probe/loop/(?P<run>[^/]+)/(?P<side>[ab])/$", probe.loop, name="probe-loop"),
    re_path(r"^clients/probe/retry/(?P<code>[0-9]{3})/(?P<run>[^/]+)/$", probe.retry, name="probe-retry"),
    re_path(r"^clients/probe/auth/(?P<run>[^/]+)/$", probe.auth, name="probe-auth"),
    re_path(r"^clients/probe/cached/(?P<run>[^/]+)/$", probe.cached, name="probe-cached"),
    re_path(r"^clients/probe/download/(?P<run>[^/]+)/$", probe.download, name="probe-download"),
    re_path(r"^clients/probe/runs/(?P<run>[^/]+)/$", probe.run_record, name="probe-run"),
]
