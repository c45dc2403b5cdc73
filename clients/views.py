"""The measured matrix for readers, and the same observations as JSON."""

from django.http import JsonResponse
from django.shortcuts import render

from authoring.caching import cached_page

from .content import OUTCOME_FIELDS
from .models import CLIENT_LABELS, SCENARIOS, Observation, measured_tables

# What /api/clients/ gives per observation: the key fields with the version, the outcome, the date.
JSON_FIELDS = ("client", "version", "scenario", "code", "method", *OUTCOME_FIELDS, "measured_on")


@cached_page
def matrix(request):
    observations = Observation.objects.all()
    codes = sorted({observation.code for observation in observations})
    clients = {observation.client: observation for observation in observations}
    return render(
        request,
        "clients/matrix.html",
        {
            "tables": measured_tables(codes),
            "clients": [
                (CLIENT_LABELS.get(slug, slug), observation.version, observation.measured_on)
                for slug, observation in sorted(clients.items())
            ],
            "scenarios": SCENARIOS,
        },
    )


@cached_page
def api_list(request):
    data = [{name: getattr(o, name) for name in JSON_FIELDS} | {"key": o.key} for o in Observation.objects.all()]
    for item in data:
        item["measured_on"] = item["measured_on"].isoformat()
    return JsonResponse({"count": len(data), "observations": data})
