"""The production stack (deploy/serve.py, what `make serve` runs), started once for the live tests.

It runs on free loopback ports with its own SQLite database and run folder, so it never touches
the developer's data; tests talk to it with real clients (curl, requests, raw sockets).
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    url: str
    port: int
    run_dir: Path
    env: dict
    process: subprocess.Popen

    @property
    def ports(self):
        return json.loads((self.run_dir / "ports.json").read_text())

    @property
    def pids(self):
        return json.loads((self.run_dir / "pids.json").read_text())

    def manage(self, *command, check=True):
        """Run a management command against the stack's own database."""
        return subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=self.env, check=check, capture_output=True, text=True
        )


def start_stack(tmp_path, extra_env=None):
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    port = free_port()
    # nginx's workers run as www-data when we are root: the run folder must be reachable by them,
    # which pytest's own temporary folders (mode 700) are not.
    run_dir = Path(tempfile.mkdtemp(prefix="statuscodes-stack-"))
    run_dir.chmod(0o755)
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE",):
        env.pop(name, None)
    env.update(
        {
            "DATABASE_URL": os.environ.get("LIVE_DATABASE_URL", f"sqlite:///{tmp_path / 'live.sqlite3'}"),
            "DJANGO_SECRET_KEY": "live-tests-only-" + "x" * 40,
            "PORT": str(port),
            "RUN_DIR": str(run_dir),
            "PLAYGROUND_RATE_LIMIT": env.get("PLAYGROUND_RATE_LIMIT", "100000"),
            **(extra_env or {}),
        }
    )
    log = open(tmp_path / "serve.log", "w")
    process = subprocess.Popen(
        [sys.executable, "deploy/serve.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("deploy/serve.py exited early:\n" + (tmp_path / "serve.log").read_text()[-3000:])
        if "Serving the production stack" in (tmp_path / "serve.log").read_text():
            return Stack(f"http://127.0.0.1:{port}", port, run_dir, env, process)
        time.sleep(0.3)
    process.kill()
    pytest.fail("the stack did not start in 120 s:\n" + (tmp_path / "serve.log").read_text()[-3000:])


def stop_stack(stack):
    try:
        os.killpg(stack.process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        stack.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(stack.process.pid, signal.SIGKILL)
    shutil.rmtree(stack.run_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory):
    stack = start_stack(tmp_path_factory.mktemp("stack"))
    yield stack
    stop_stack(stack)


@pytest.fixture(scope="session")
def live_url(live_stack):
    return live_stack.url
