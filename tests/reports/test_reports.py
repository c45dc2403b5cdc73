"""Readers report mistakes: a form on every code, comparison and wizard result; a moderated queue."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from reports.models import ReaderReport
from reports.views import REPORTS_PER_WINDOW

pytestmark = pytest.mark.django_db

WIZARD_RESULT = "/wizard/?a=redirect&a=moved&a=permanent&a=preserve"
MESSAGE = "RFC 9111 section 4.2.2 says otherwise: please check the caching text."


def csrf_client():
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.7")


def open_form(client, page, section=""):
    response = client.get("/report/", {"page": page, "section": section})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    return response, token


def send(client, page, token, **fields):
    data = {"csrfmiddlewaretoken": token, "section": "other", "message": MESSAGE, "email": "", "website": ""}
    data.update(fields)
    return client.post(f"/report/?page={page}", data)


@pytest.mark.parametrize("page", ["/codes/301/", "/compare/301-vs-308/", WIZARD_RESULT])
def test_every_code_comparison_and_wizard_result_page_has_the_report_form(client, page):
    html = client.get(page).content.decode()
    assert "Report a mistake or suggest an edit" in html
    assert '<form method="get" action="/report/" class="report-open">' in html
    assert "csrfmiddlewaretoken" not in html  # the cached page carries no token


def test_wizard_questions_have_no_report_form(client):
    assert "Report a mistake" not in client.get("/wizard/").content.decode()


def test_the_form_page_preselects_the_section_and_is_never_cached(client):
    response = client.get("/report/", {"page": "/codes/301/", "section": "caching"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="caching" selected>Caching behaviour</option>' in html
    assert "no-store" in response["Cache-Control"]
    assert "csrftoken" in response.cookies
    # Asked again, the page is rendered afresh, with the token of this client's cookie.
    assert client.get("/report/", {"page": "/codes/301/"}).status_code == 200


def test_a_report_is_queued_with_page_and_section_and_answers_303(settings):
    client = csrf_client()
    _, token = open_form(client, "/compare/301-vs-308/", "differences")
    response = send(
        client,
        "/compare/301-vs-308/",
        token,
        section="differences",
        message="Key difference 2 is wrong.\r\nSee RFC 9110.",
    )
    assert response.status_code == 303
    assert response["Location"] == "/report/thanks/?page=%2Fcompare%2F301-vs-308%2F"
    report = ReaderReport.objects.get()
    assert (report.page, report.section, report.section_heading, report.status) == (
        "/compare/301-vs-308/",
        "differences",
        "Key differences",
        "new",
    )
    assert report.message == "Key difference 2 is wrong.\nSee RFC 9110."
    assert "is in the editors' queue" in client.get(response["Location"]).content.decode()


def test_without_a_csrf_token_the_report_is_refused():
    client = csrf_client()
    response = client.post("/report/?page=/codes/301/", {"section": "other", "message": MESSAGE})
    assert response.status_code == 403
    assert not ReaderReport.objects.exists()


def test_the_honeypot_looks_like_success_and_stores_nothing():
    client = csrf_client()
    _, token = open_form(client, "/codes/301/")
    response = send(client, "/codes/301/", token, website="http://spam.example/")
    assert response.status_code == 303
    assert not ReaderReport.objects.exists()


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"message": "x" * 2001}, "Ensure this value has at most 2000 characters (it has 2001)."),
        ({"message": "short"}, "Ensure this value has at least 10 characters (it has 5)."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"section": "nonsense"}, "Select a valid choice. nonsense is not one of the available choices."),
    ],
)
def test_bad_input_is_400_with_the_reason(fields, error):
    client = csrf_client()
    _, token = open_form(client, "/codes/301/")
    response = send(client, "/codes/301/", token, **fields)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ReaderReport.objects.exists()


@pytest.mark.parametrize(
    "page", ["", "/codes/999/", "/codes/", "http://evil.example/codes/301/", "/wizard/?a=redirect", "/codes/²01/"]
)
def test_reports_are_only_about_published_content_pages(client, page):
    assert client.get("/report/", {"page": page}).status_code == 400


def test_drafts_cannot_be_reported_on(client):
    from tests.factories import make_code

    make_code(299, published=False)
    assert client.get("/report/", {"page": "/codes/299/"}).status_code == 400


def test_one_address_gets_429_with_retry_after_after_the_limit():
    client = csrf_client()
    _, token = open_form(client, "/codes/301/")
    for _ in range(REPORTS_PER_WINDOW):
        assert send(client, "/codes/301/", token).status_code == 303
    response = send(client, "/codes/301/", token)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert ReaderReport.objects.count() == REPORTS_PER_WINDOW
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.9")
    _, token = open_form(other, "/codes/301/")
    assert send(other, "/codes/301/", token).status_code == 303


def test_reader_text_is_never_rendered_as_html_in_the_admin(client):
    ReaderReport.objects.create(
        page="/codes/301/",
        page_title="301 Moved Permanently",
        section="other",
        section_heading="Something else",
        message="<script>alert(1)</script> **bold**",
    )
    call_command("createauthor", "alice", password="correct-horse-battery-staple-42")
    client.force_login(User.objects.get(username="alice"))
    report = ReaderReport.objects.get()
    for url in ("/admin/reports/readerreport/", f"/admin/reports/readerreport/{report.pk}/change/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in html


def test_content_authors_moderate_the_queue(client):
    group = Group.objects.get(name="Content authors")
    assert {"view_readerreport", "change_readerreport"} <= set(group.permissions.values_list("codename", flat=True))
    assert "delete_readerreport" not in set(group.permissions.values_list("codename", flat=True))
    report = ReaderReport.objects.create(
        page="/codes/301/",
        page_title="301 Moved Permanently",
        section="other",
        section_heading="Something else",
        message=MESSAGE,
    )
    call_command("createauthor", "alice", password="correct-horse-battery-staple-42")
    alice = User.objects.get(username="alice")
    client.force_login(alice)
    assert "1 reader report awaiting moderation" in client.get("/admin/").content.decode()
    client.post("/admin/reports/readerreport/", {"action": "accept", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert (report.status, report.moderated_by) == ("accepted", alice)
    assert "1 reader report awaiting" not in client.get("/admin/").content.decode()


def test_each_visitor_gets_a_form_with_their_own_token():
    first, second = Client(), Client()
    tokens = [open_form(client, "/codes/301/")[1] for client in (first, second)]
    cookies = [client.cookies["csrftoken"].value for client in (first, second)]
    assert tokens[0] != tokens[1] and cookies[0] != cookies[1]


def test_the_cached_code_page_sets_no_csrf_cookie(client):
    client.get("/codes/301/")
    response = client.get("/codes/301/")
    assert "csrftoken" not in response.cookies
