"""Staff previews of drafts: never cached by anyone, never indexed."""

from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required


def staff_preview(view):
    @staff_member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


def with_draft(request, obj):
    """For ?draft=<id>: the object as its open draft revision would make it (unsaved), for preview."""
    from .models import DraftRevision

    draft = DraftRevision.objects.open().of(obj).named(request.GET.get("draft"))
    if draft is not None:
        draft.apply_to(obj)
    return obj
