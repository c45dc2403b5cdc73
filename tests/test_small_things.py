"""Favicon, admin branding and console logging: small things a new user notices."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_favicon_ico_is_served_by_whitenoise_with_far_future_caching(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response["Cache-Control"] == "public, max-age=31536000"
    assert body(response)[:4] == b"\x00\x00\x01\x00"  # an ICO header, not an HTML 404 page


def test_pages_link_the_svg_favicon(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert (Path(settings.BASE_DIR) / "static" / "favicon.svg").read_text().startswith("<svg ")


def test_admin_header_names_the_site(client):
    html = client.get("/admin/login/").content.decode()
    assert "Status codes: authoring" in html and "Django administration" not in html


def test_a_warning_reaches_the_console_once():
    """Django's logger and the root logger used to print every warning twice."""
    script = "import logging; logging.getLogger('django.request').warning('probe-8f3a')"
    environment = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (result.stdout + result.stderr).count("probe-8f3a") == 1
