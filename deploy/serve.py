"""Run the production stack on loopback: nginx (cache, static files, slow clients) in front of a
WSGI app server for pages and an ASGI app server for the playground. `make serve` runs this.

Every process runs in the foreground under this supervisor: Ctrl-C (or SIGTERM) stops them all, and
if one dies the others are stopped too, so nothing is left behind. The same deploy/nginx.conf is
the production recipe (README, "Production").

    python deploy/serve.py [--port 8080] [--app-server granian|gunicorn-sync|gunicorn-gthread]
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_SERVERS = ("granian", "gunicorn-sync", "gunicorn-gthread")
# Chosen by `make bench` figures (README, "App servers"): granian serves cache hits fastest.
DEFAULT_APP_SERVER = "granian"


def free_port(host="127.0.0.1"):
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def venv_bin(name):
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else name


def app_server_command(kind, port, workers, threads):
    bind = ["127.0.0.1", str(port)]
    if kind == "granian":
        return [
            venv_bin("granian"),
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            bind[0],
            "--port",
            bind[1],
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--no-ws",
            "--respawn-failed-workers",
            "--log-level",
            "warning",
        ]
    worker_class = {"gunicorn-sync": "sync", "gunicorn-gthread": "gthread"}[kind]
    return [
        venv_bin("gunicorn"),
        "config.wsgi",
        "--bind",
        ":".join(bind),
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads if kind == "gunicorn-gthread" else 1),
        "--log-level",
        "warning",
    ]


def playground_command(port):
    """One ASGI process: sleeping requests are coroutines, so a few thousand cost little."""
    return [
        venv_bin("granian"),
        "--interface",
        "asginl",
        "config.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-ws",
        "--respawn-failed-workers",
        "--log-level",
        "warning",
    ]


def stack_environment(args, run_dir):
    env = dict(os.environ)
    secret_file = run_dir / "secret_key"
    if "DJANGO_SECRET_KEY" not in env:
        if not secret_file.exists():
            secret_file.write_text(secrets.token_urlsafe(50))
            secret_file.chmod(0o600)
        env["DJANGO_SECRET_KEY"] = secret_file.read_text().strip()
    env.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("SITE_URL", f"http://{args.host}:{args.port}")
    # Loopback has no TLS: production sets these the other way round (README, "Production").
    env.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    env.setdefault("DJANGO_SECURE_COOKIES", "0")
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def render_nginx_conf(args, run_dir, app_port, playground_port, env):
    hosts = [host for host in env["DJANGO_ALLOWED_HOSTS"].split(",") if host and host != "*"]
    user = "user www-data;" if os.geteuid() == 0 else "# running unprivileged: no user directive"
    values = dict(
        USER_DIRECTIVE=user,
        LISTEN=f"{args.host}:{args.port}",
        SERVER_NAMES=" ".join(host.strip("[]") if host.startswith("[") else host for host in hosts),
        APP_UPSTREAM=f"127.0.0.1:{app_port}",
        PLAYGROUND_UPSTREAM=f"127.0.0.1:{playground_port}",
        STATIC_ROOT=str(ROOT / "staticfiles"),
        RUN_DIR=str(run_dir),
    )
    # Only ${NAME} placeholders are ours; nginx's own $variables stay as they are.
    text = re.sub(r"\$\{([A-Z_]+)\}", lambda match: values[match[1]], (ROOT / "deploy" / "nginx.conf").read_text())
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi", "cache"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # nginx's workers run as www-data and write the cache and temp files
        for path in [run_dir / "tmp", run_dir / "cache", *(run_dir / "tmp").iterdir(), *(run_dir / "cache").rglob("*")]:
            shutil.chown(path, "www-data", "www-data")
    conf = run_dir / "nginx.conf"
    conf.write_text(text)
    return conf


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def wait_until_up(url, host, deadline):
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"Host": host})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status < 500:
                    return True
        except Exception:
            time.sleep(0.2)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    parser.add_argument("--app-server", choices=APP_SERVERS, default=os.environ.get("APP_SERVER", DEFAULT_APP_SERVER))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "4")))
    parser.add_argument("--run-dir", default=os.environ.get("RUN_DIR", str(ROOT / ".serve")))
    parser.add_argument("--skip-setup", action="store_true", help="do not migrate, load content or collect static")
    args = parser.parse_args(argv)

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        sys.exit("make serve needs nginx: apt-get install nginx-light")
    run_dir = Path(args.run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    env = stack_environment(args, run_dir)
    if not args.skip_setup:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_content")
        manage(env, "collectstatic", "--noinput", "-v0")

    app_port, playground_port = free_port(), free_port()
    conf = render_nginx_conf(args, run_dir, app_port, playground_port, env)
    commands = {
        "app": app_server_command(args.app_server, app_port, args.workers, args.threads),
        "playground": playground_command(playground_port),
        "nginx": [nginx, "-p", str(run_dir), "-c", str(conf)],
    }
    (run_dir / "ports.json").write_text(
        json.dumps({"nginx": args.port, "app": app_port, "playground": playground_port, "app_server": args.app_server})
    )
    children = {}
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        for name, command in commands.items():
            children[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        host = env["DJANGO_ALLOWED_HOSTS"].split(",")[0]
        if not wait_until_up(f"http://{args.host}:{args.port}/", host, time.monotonic() + 60):
            print("The stack did not come up within 60 s; see", run_dir / "error.log", file=sys.stderr)
            return 1
        print(
            f"Serving the production stack on http://{args.host}:{args.port}/ "
            f"(nginx -> {args.app_server} for pages, granian ASGI for /try/ and /lab/). Ctrl-C stops it.",
            flush=True,
        )
        (run_dir / "pids.json").write_text(json.dumps({name: child.pid for name, child in children.items()}))
        restarts = {}
        while not stopping:
            for name, child in list(children.items()):
                if child.poll() is None:
                    continue
                if name == "nginx" or restarts.get(name, 0) >= 20:
                    print(f"{name} exited with status {child.returncode}; stopping the stack.", file=sys.stderr)
                    return 1
                # An app server that dies is started again, as systemd's Restart=always would; nginx
                # serves stale pages meanwhile.
                print(f"{name} exited with status {child.returncode}; starting it again.", file=sys.stderr)
                restarts[name] = restarts.get(name, 0) + 1
                time.sleep(0.5)
                children[name] = subprocess.Popen(commands[name], cwd=ROOT, env=env, start_new_session=True)
                (run_dir / "pids.json").write_text(json.dumps({n: c.pid for n, c in children.items()}))
            time.sleep(0.2)
        return 0
    finally:
        for child in children.values():
            if child.poll() is None:
                try:
                    os.killpg(child.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for child in children.values():
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
