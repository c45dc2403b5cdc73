from django import template

register = template.Library()


@register.filter
def query_before(walk, index):
    """Query string that returns to step `index` of a walk, to change that answer."""
    return walk.query_before(index)
