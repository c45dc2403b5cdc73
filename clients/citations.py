"""Guides that cite a measurement with [[obs:client/scenario/code/method]] show its current value.

Stored guide HTML holds only a placeholder for each citation (reference/rendering.py), because
the guides are rendered when saved and a re-measurement can change an outcome afterwards; the
page fills every placeholder from the observations as they are now, in one query per page.
"""

from django.utils.html import format_html

from reference.content import ContentError
from reference.rendering import PLACEHOLDER_RE, cited_observations

from .models import Observation, observations_by_key


def citation_html(observation):
    """What a reader sees for one citation: the outcome, linked to its cell on /clients/, and who did it."""
    return format_html(
        '<a class="obs" href="{}" title="Measured on {} by manage.py measure_clients">'
        '<data value="{}">{}</data> <small class="obs-client">({} {})</small></a>',
        observation.get_absolute_url(),
        observation.measured_on.isoformat(),
        observation.key,
        observation.outcome,
        observation.client_label,
        observation.version,
    )


def unmeasured_html(key):
    return format_html('<span class="obs obs-missing">(not measured: <code>{}</code>)</span>', key)


def with_measured_values(html):
    """The HTML with every citation placeholder replaced by the current measured value."""
    keys = set(PLACEHOLDER_RE.findall(html))
    if not keys:
        return html
    by_key = observations_by_key()

    def replace(match):
        observation = by_key.get(match.group(1))
        return citation_html(observation) if observation else unmeasured_html(match.group(1))

    return PLACEHOLDER_RE.sub(replace, html)


def unmeasured_citations(texts):
    """{(where, field): sorted keys} for each Markdown text citing observations that were not measured.

    `texts` is [(where, field, markdown)]; one query for the whole lot.
    """
    cited = {(where, field): cited_observations(text) for where, field, text in texts}
    wanted = set().union(*cited.values()) if cited else set()
    measured = {observation.key for observation in Observation.objects.with_keys(wanted)}
    return {place: sorted(keys - measured) for place, keys in cited.items() if keys - measured}


def citation_errors(loaded):
    """ContentErrors naming the file, field and key of every citation of an observation not measured."""
    texts = [
        (record["path"], field, text)
        for loader, records in loaded
        for record in records
        for field, text in loader.markdown_texts(record)
    ]
    return [
        ContentError(
            path, field, "cites observations that were not measured: " + ", ".join(f"[[obs:{k}]]" for k in keys)
        )
        for (path, field), keys in unmeasured_citations(texts).items()
    ]
