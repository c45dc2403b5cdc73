from django import template

from reports.pages import sections_for

register = template.Library()


@register.inclusion_tag("reports/report_link.html")
def report_form(obj, page_path):
    """The GET form at the foot of a page that opens the report form for one of its sections."""
    return {"sections": sections_for(obj), "page_path": page_path}


@register.simple_tag(takes_context=True)
def reports_awaiting(context):
    """How many reports await moderation, for those allowed to see them (else None)."""
    from reports.models import ReaderReport

    if not context["request"].user.has_perm("reports.view_readerreport"):
        return None
    return ReaderReport.objects.awaiting_moderation().count()
