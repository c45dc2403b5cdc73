"""The JSON contract of /api/codes/ (field names never change)."""

import pytest

from reference.models import StatusCode

pytestmark = pytest.mark.django_db


def test_code_json_has_the_documented_fields(client):
    data = client.get("/api/codes/301/").json()
    assert data["code"] == 301
    assert data["reason"] == "Moved Permanently"
    assert data["class"] == "3xx"
    assert data["url"] == "/codes/301/"
    assert data["standing"] == "standard"
    assert data["origin"] is None
    assert data["spec"] == {
        "document": "RFC 9110",
        "section": "15.4.2",
        "url": "https://www.rfc-editor.org/rfc/rfc9110#section-15.4.2",
    }
    assert data["summary"] == StatusCode.objects.get(code=301).summary
    assert data["heuristically_cacheable"] is True
    assert data["redirect"] == {"permanent": True, "method": "may-change-to-get"}
    assert data["body_allowed"] is True
    assert "Location" in data["headers"]
    assert "/compare/301-vs-307/" in data["comparisons"]


def test_non_redirect_has_null_redirect(client):
    data = client.get("/api/codes/404/").json()
    assert data["redirect"] is None and data["class"] == "4xx"


def test_code_list_returns_every_published_code_and_filters(client):
    data = client.get("/api/codes/").json()
    assert data["count"] == StatusCode.objects.published().count() == len(data["codes"])
    four = client.get("/api/codes/", {"class": "4xx"}).json()["codes"]
    assert four and all(item["class"] == "4xx" for item in four)
    nonstandard = client.get("/api/codes/", {"standing": "non-standard"}).json()["codes"]
    assert nonstandard and all(item["origin"] for item in nonstandard)


@pytest.mark.parametrize("query", [{"class": "9xx"}, {"standing": "famous"}])
def test_bad_filters_are_400_with_a_message(client, query):
    response = client.get("/api/codes/", query)
    assert response.status_code == 400
    assert "must be one of" in response.json()["error"]
