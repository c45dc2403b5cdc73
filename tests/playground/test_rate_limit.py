"""The per-address rate limit on /try/ and /lab/: a budget per window, then 429 with Retry-After."""

import time

import pytest

from playground.ratelimit import DEFAULT_LIMIT, WINDOW_SECONDS, client_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit_of_five(settings):
    settings.PLAYGROUND_RATE_LIMIT = 5


def spend(client, count, path="/try/200/", address="203.0.113.7"):
    return [client.get(path, REMOTE_ADDR=address) for _ in range(count)]


def test_the_default_budget_is_300_requests_a_minute():
    assert DEFAULT_LIMIT == 300 and WINDOW_SECONDS == 60


def test_every_answer_states_the_policy_and_what_is_left(client, limit_of_five):
    responses = spend(client, 3)
    assert responses[0]["RateLimit-Policy"] == '"playground";q=5;w=60'
    assert [response["RateLimit"].split(";")[1] for response in responses] == ["r=4", "r=3", "r=2"]


def test_the_request_past_the_budget_gets_429_with_retry_after(client, limit_of_five):
    responses = spend(client, 6)
    assert [response.status_code for response in responses] == [200] * 5 + [429]
    refused = responses[-1]
    assert 1 <= int(refused["Retry-After"]) <= WINDOW_SECONDS
    assert refused["Cache-Control"] == "no-store"
    assert "more than 5 requests" in refused.content.decode() and "make serve" in refused.content.decode()


def test_the_429_follows_accept(client, limit_of_five):
    spend(client, 5)
    refused = client.get("/try/200/", REMOTE_ADDR="203.0.113.7", headers={"Accept": "application/json"})
    body = refused.json()
    assert body["code"] == 429 and body["limit"] == 5 and body["retry_after_seconds"] == int(refused["Retry-After"])


def test_the_429_carries_cors_headers_so_browser_scripts_can_read_it(client, limit_of_five):
    spend(client, 5)
    refused = client.get("/try/200/", REMOTE_ADDR="203.0.113.7", headers={"Origin": "https://app.example"})
    assert refused.status_code == 429 and refused["Access-Control-Allow-Origin"] == "*"


def test_retry_after_counts_down_to_the_end_of_the_window(client, limit_of_five, monkeypatch):
    started = time.time()
    spend(client, 5)
    monkeypatch.setattr(time, "time", lambda: started + 20)
    assert int(client.get("/try/200/", REMOTE_ADDR="203.0.113.7")["Retry-After"]) in {40, 41}


def test_a_new_window_opens_after_the_old_one_closes(client, limit_of_five, monkeypatch):
    started = time.time()
    spend(client, 6)
    monkeypatch.setattr(time, "time", lambda: started + WINDOW_SECONDS + 1)
    assert client.get("/try/200/", REMOTE_ADDR="203.0.113.7").status_code == 200


def test_addresses_have_separate_budgets(client, limit_of_five):
    spend(client, 6)
    assert client.get("/try/200/", REMOTE_ADDR="198.51.100.1").status_code == 200


def test_try_and_lab_share_one_budget_and_other_pages_are_not_counted(client, limit_of_five):
    spend(client, 3, "/try/204/")
    spend(client, 2, "/lab/redirects/")
    assert spend(client, 3, "/codes/")[-1].status_code == 200
    assert client.get("/lab/redirects/arrived/", REMOTE_ADDR="203.0.113.7").status_code == 429


def test_ipv6_addresses_in_one_64_share_a_budget(client, limit_of_five):
    spend(client, 5, address="2001:db8:1:2::1")
    assert client.get("/try/200/", REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429
    assert client.get("/try/200/", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_ipv4_mapped_ipv6_counts_as_the_ipv4_address():
    assert client_key("::ffff:203.0.113.7") == client_key("203.0.113.7") == "203.0.113.7"


def test_the_try_page_documents_the_limit(client):
    html = client.get("/try/").content.decode()
    assert "300 requests to <code>/try/</code> and <code>/lab/</code> in a 60-second window" in html
