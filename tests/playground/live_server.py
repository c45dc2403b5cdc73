"""TEMPORARY stand-in for the lead's `live_url` fixture (tests/live/conftest.py, issue 12).

Serves the project with uvicorn on a loopback port chosen by the kernel, DEBUG off, on a fresh
SQLite database holding the shipped content. Delete this file, and its import in
tests/live/test_playground_wire.py, once tests/live/conftest.py is on main.
"""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "live-test-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
    }
    for command in (["migrate", "--noinput"], ["load_content"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--fd", str(listener.fileno()), "--no-access-log"],
        cwd=ROOT, env=env, pass_fds=[listener.fileno()], stderr=open(folder / "server.log", "wb"),
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/codes/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"uvicorn did not start: {(folder / 'server.log').read_text()}")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(10)
        listener.close()
