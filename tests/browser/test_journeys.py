"""End-to-end journeys: a code page, a comparison with anchors, the lab by keyboard, an author's edit."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_code_page_shows_facts_guide_and_faq(page):
    page.goto("/codes/429/")
    assert page.text_content("h1").strip() == "429 Too Many Requests"
    facts = page.text_content(".facts")
    assert "Retry-After" in facts and "No: needs explicit freshness or Cache-Control: public" in facts
    page.click("a[href='#retry']")
    assert page.evaluate("location.hash") == "#retry"
    page.click(".faq summary >> nth=1")
    assert page.is_visible(".faq details:nth-of-type(2) .prose")


def test_comparison_page_anchor_links_and_copy_buttons(page):
    page.goto("/compare/502-vs-504/")
    page.click("tr#caching th a.anchor")
    assert page.evaluate("location.hash") == "#caching"
    assert page.locator("tr#caching button.copy-link").count() == 1
    page.click("text=Full guide to 504 Gateway Timeout")
    page.wait_for_url("**/codes/504/")


def test_redirect_lab_by_keyboard_only(page):
    page.goto("/lab/redirects/")
    page.focus("#msg-308")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "post-308"
    with page.expect_navigation(url="**/lab/redirects/arrived/?via=308"):
        page.keyboard.press("Enter")
    assert page.text_content("#arrived-method") == "POST"


def test_content_author_edits_a_code_in_the_admin(page):
    call_command("createauthor", "carol", password="a-long-author-password-77")
    page.goto("/admin/login/?next=/admin/reference/statuscode/")
    page.fill("#id_username", "carol")
    page.fill("#id_password", "a-long-author-password-77")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/reference/statuscode/")
    page.click("text=Too Many Requests")
    page.fill("#id_plain_summary", "Slow down: **edited in the browser** by an author.")
    page.click("#id_plain_summary ~ button.markdown-preview-button")
    page.wait_for_selector(".markdown-preview strong")
    assert page.text_content(".markdown-preview strong") == "edited in the browser"
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    page.goto("/codes/429/")
    assert "edited in the browser" in page.text_content("#plain_summary")
    assert page.goto("/admin/auth/user/").status == 403
