from django import template

from clients.models import comparison_table, measured_tables

register = template.Library()


@register.inclusion_tag("clients/measured_tables.html")
def measured_client_behaviour(*codes):
    """The "Measured client behaviour" section for a code page or a comparison of codes."""
    return {"tables": measured_tables([int(code) for code in codes]), "section": True}


@register.inclusion_tag("clients/measured_tables.html")
def measured_client_comparison(*codes):
    """The same section for a comparison page: one compact table with the codes side by side."""
    table = comparison_table([int(code) for code in codes])
    return {"tables": [table] if table else [], "section": True}
