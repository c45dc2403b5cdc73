from django import template

from clients.citations import with_measured_values
from clients.models import comparison_table, measured_tables

register = template.Library()


class MeasuredValuesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return with_measured_values(self.nodelist.render(context))


@register.tag
def measured_values(parser, token):
    """{% measured_values %}...{% endmeasured_values %}: the [[obs:KEY]] citations inside show today's data."""
    nodelist = parser.parse(("endmeasured_values",))
    parser.delete_first_token()
    return MeasuredValuesNode(nodelist)


@register.inclusion_tag("clients/measured_tables.html")
def measured_client_behaviour(*codes):
    """The "Measured client behaviour" section for a code page or a comparison of codes."""
    return {"tables": measured_tables([int(code) for code in codes]), "section": True}


@register.inclusion_tag("clients/measured_tables.html")
def measured_client_comparison(*codes):
    """The same section for a comparison page: one compact table with the codes side by side."""
    table = comparison_table([int(code) for code in codes])
    return {"tables": [table] if table else [], "section": True}
