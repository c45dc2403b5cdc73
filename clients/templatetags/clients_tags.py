from django import template

from clients.models import measured_tables

register = template.Library()


@register.inclusion_tag("clients/measured_tables.html")
def measured_client_behaviour(*codes):
    """The "Measured client behaviour" section for a code page or a comparison of codes."""
    return {"tables": measured_tables([int(code) for code in codes]), "section": True}
