from django.contrib import admin

from .models import Observation


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Read-only: observations come from measure_clients through observations.yaml, not from authors."""

    list_display = (
        "client",
        "version",
        "scenario",
        "code",
        "method",
        "followed",
        "method_after",
        "body_kept",
        "authorization_kept_cross_origin",
        "hops",
        "retried",
        "measured_on",
    )
    list_filter = ("client", "scenario", "code", "method")
    search_fields = ("client", "notes")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
