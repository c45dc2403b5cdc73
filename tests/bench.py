"""Benchmark: the production stack against the physical limit of this machine, measured side by side.

Run with `make bench` (not part of `make test`: performance is measured, not asserted). It starts
the stack of `make serve` (deploy/serve.py: nginx in front of the app server) on a scratch SQLite
database, a second nginx serving a static copy of the same page bytes (the limit: no Python at all),
and a second app server whose page cache is off (every request a miss, as after a fresh revision).
Every run of wrk sends the headers a browser sends, Accept-Encoding included. Targets are measured
in interleaved rounds (each round visits every target once, so drift hits all alike) and reported
as medians:

- nginx static copy: the same gzip bytes as the code page, from files (gzip_static)
- whitenoise: the same bytes as a precompressed static file, from the app server
- per page type: through the proxy (nginx cache), app server direct (Django cache hit), and miss
- search: through the proxy, and uncached; uncached also over the relevance set (tests/search/
  relevance.txt: log lines, old names, typos, shortcuts), each request the next query, so the median
  is that of what developers type rather than of one short word
- latency: the uncached code page, comparison page and search over one connection (no queueing)
- per app server (granian, gunicorn sync, gunicorn gthread): code page hit and miss, whitenoise

CPU per miss is the app server's own CPU time (all its processes, from /proc) over the requests.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.serve import app_server_command  # noqa: E402

BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-GB,en;q=0.9",
    "Accept-Encoding": "gzip, deflate",
}
PAGES = [
    ("home", "/"),
    ("code page", "/codes/301/"),
    ("comparison page", "/compare/301-vs-308/"),
    ("wizard step", "/wizard/?a=redirect&a=moved"),
    ("JSON API", "/api/codes/301/"),
]
SEARCH = ("search", "/search/?q=timeout")
RELEVANCE_FILE = ROOT / "tests" / "search" / "relevance.txt"
# wrk runs this per thread: each request asks for the next query of the relevance set.
ROTATING_PATHS_LUA = """
local paths = {{{paths}}}
local next_path = 0
request = function()
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end
"""
STATIC_COPY = "/static/bench/codes-301.html"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk():
    if not shutil.which("wrk") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        sys.exit("The benchmark needs wrk: apt-get install wrk")


def fetch(url, encoding="gzip"):
    request = urllib.request.Request(url, headers={**BROWSER_HEADERS, "Accept-Encoding": encoding, "Host": "127.0.0.1"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers  # case-insensitive: granian sends lower-case names


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            fetch(url)
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def process_group_cpu(pgid):
    """CPU seconds (user + system) of every live process in a process group."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if int(fields[2]) == pgid:  # fields after ")": state ppid pgrp ...; utime/stime are 14/15 overall
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def relevance_queries():
    """The queries of the relevance set, in its order (`query = answers` lines)."""
    lines = RELEVANCE_FILE.read_text(encoding="utf-8").splitlines()
    return [line.rpartition(" = ")[0] for line in lines if line.strip() and not line.startswith("#")]


def rotating_script(folder, paths):
    """A wrk script that sends each of `paths` in turn; returns its file."""
    script = folder / "rotate.lua"
    script.write_text(ROTATING_PATHS_LUA.format(paths=", ".join(json.dumps(path) for path in paths)))
    return script


def wrk(url, seconds, connections, cpu_pgid=None, script=None):
    headers = [arg for name, value in BROWSER_HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    before = process_group_cpu(cpu_pgid) if cpu_pgid else None
    scripted = ["-s", str(script)] if script else []
    output = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, *scripted, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = process_group_cpu(cpu_pgid) - before if cpu_pgid else None

    def ms(pattern):
        """A latency percentile in ms; NaN when wrk completed no request (it prints none then)."""
        found = re.search(pattern, output)
        parsed = found and re.fullmatch(r"([\d.]+)(us|ms|s|m)", found[1])
        if not parsed:
            if "requests in" in output and " 0 requests in" not in output:
                print(f"  wrk printed no {pattern} for {url}:\n{output}", file=sys.stderr)
            return float("nan")
        value, unit = parsed.groups()
        return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    requests_done = int(re.search(r"(\d+) requests in", output)[1])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        # Anchored: "+/- Stdev" also prints percentages ("67.99%"), which an unanchored 99% matched.
        "p50": ms(r"(?m)^\s+50%\s+(\S+)"),
        "p99": ms(r"(?m)^\s+99%\s+(\S+)"),
        "errors": int(non_2xx[1]) if non_2xx else 0,
        "timeouts": int(timeouts[1]) if timeouts else 0,
        "cpu_ms_per_request": (cpu * 1000 / requests_done) if cpu is not None and requests_done else None,
    }


BASELINE_NGINX = """
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
daemon off;
{user}
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 10000;
    server_tokens off;
    client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;
    uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        gzip_static on;
        location / {{ add_header Cache-Control "public, max-age=60"; add_header Vary Accept-Encoding; }}
    }}
}}
"""


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="statuscodes-bench-"))
        self.work.chmod(0o755)
        self.env = dict(os.environ)
        self.env.update(
            {
                "DATABASE_URL": f"sqlite:///{self.work / 'bench.sqlite3'}",
                "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
                "DJANGO_DEBUG": "0",
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "DJANGO_SECURE_SSL_REDIRECT": "0",
                "DJANGO_LOG_LEVEL": "ERROR",
                "PLAYGROUND_RATE_LIMIT": "100000000",
            }
        )
        self.processes = []

    def start(self, command, env=None):
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def stop(self, process):
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        self.processes.remove(process)

    def stop_all(self):
        for process in list(self.processes):
            self.stop(process)

    def start_stack(self, app_server):
        port = free_port()
        env = {
            **self.env,
            "PORT": str(port),
            "RUN_DIR": str(self.work / f"run-{app_server}"),
            "SITE_URL": f"http://127.0.0.1:{port}",
        }
        process = self.start(
            [
                sys.executable,
                "deploy/serve.py",
                "--app-server",
                app_server,
                "--workers",
                str(self.args.workers),
                "--skip-setup",
            ],
            env,
        )
        wait_for(f"http://127.0.0.1:{port}/")
        ports = json.loads((self.work / f"run-{app_server}" / "ports.json").read_text())
        return process, ports

    def start_miss_server(self, app_server):
        port = free_port()
        env = {**self.env, "PAGE_CACHE_SECONDS": "0"}
        process = self.start(app_server_command(app_server, port, self.args.workers, 4), env)
        wait_for(f"http://127.0.0.1:{port}/")
        return process, port

    def prepare(self):
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["load_content", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL
            )
        # The page's own gzip bytes, as the app serves them, become the static copies.
        process, ports = self.start_stack("granian")
        body, _ = fetch(f"http://127.0.0.1:{ports['app']}/codes/301/", "identity")
        compressed, headers = fetch(f"http://127.0.0.1:{ports['app']}/codes/301/", "gzip")
        assert headers.get("Content-Encoding") == "gzip" and gzip.decompress(compressed) == body
        self.page_bytes, self.gzip_bytes = len(body), len(compressed)
        self.stop(process)
        for folder in (self.work / "static-copy" / "static" / "bench", ROOT / "staticfiles" / "bench"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "codes-301.html").write_bytes(body)
            (folder / "codes-301.html.gz").write_bytes(compressed)
        baseline_dir = self.work / "baseline"
        (baseline_dir / "tmp").mkdir(parents=True)
        self.baseline_port = free_port()
        user = "user www-data;" if os.geteuid() == 0 else ""
        (baseline_dir / "nginx.conf").write_text(
            BASELINE_NGINX.format(
                workers=self.args.workers,
                dir=baseline_dir,
                port=self.baseline_port,
                root=self.work / "static-copy",
                user=user,
            )
        )
        if os.geteuid() == 0:
            shutil.chown(baseline_dir / "tmp", "www-data", "www-data")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.start([nginx, "-p", str(baseline_dir), "-c", str(baseline_dir / "nginx.conf")])
        wait_for(f"http://127.0.0.1:{self.baseline_port}{STATIC_COPY}")

    def measure(self, targets):
        """Interleaved rounds over (name, url, pgid[, connections[, wrk script]]) targets; medians per target."""
        samples = {target[0]: [] for target in targets}
        for round_number in range(1, self.args.rounds + 1):
            for name, url, pgid, *extra in targets:
                connections = extra[0] if extra else self.args.connections
                script = extra[1] if len(extra) > 1 else None
                for _ in range(2):  # warm: the first requests fill nginx's and Django's caches
                    fetch(url)
                samples[name].append(wrk(url, self.args.seconds, connections, pgid, script))
            print(f"  round {round_number}/{self.args.rounds} done", flush=True)
        return {
            name: {
                key: (statistics.median(s[key] for s in runs) if runs[0][key] is not None else None) for key in runs[0]
            }
            for name, runs in samples.items()
        }

    def main_run(self):
        stack, ports = self.start_stack(self.args.app_server)
        miss, miss_port = self.start_miss_server(self.args.app_server)
        proxy, app, cold = (f"http://127.0.0.1:{p}" for p in (ports["nginx"], ports["app"], miss_port))
        targets = [
            ("nginx static copy (limit)", f"http://127.0.0.1:{self.baseline_port}{STATIC_COPY}", None),
            ("whitenoise, same bytes", app + STATIC_COPY, None),
        ]
        for name, path in PAGES + [SEARCH]:
            targets += [
                (f"{name}: through the proxy", proxy + path, None),
                (f"{name}: app server, hit", app + path, None),
                (f"{name}: app server, miss", cold + path, miss.pid),
            ]
        queries = relevance_queries()
        mix = rotating_script(self.work, ["/search/?" + urllib.parse.urlencode({"q": query}) for query in queries])
        mix_name = f"search, {len(queries)} relevance-set queries in turn: app server, miss"
        targets.append((mix_name, cold + "/search/?q=timeout", miss.pid, self.args.connections, mix))
        # Latency without queueing: one connection, so p50 is what one uncached request costs.
        targets += [
            (f"{name}: app server, miss, 1 connection", cold + path, miss.pid, 1)
            for name, path in (PAGES[1], PAGES[2], SEARCH)
        ]
        targets.append((mix_name + ", 1 connection", cold + "/search/?q=timeout", miss.pid, 1, mix))
        print(f"Main run: {self.args.app_server}, {len(targets)} targets x {self.args.rounds} rounds", flush=True)
        results = self.measure(targets)
        self.stop(miss)
        self.stop(stack)
        print_table(
            f"Main run ({self.args.app_server}, {self.args.workers} workers)",
            results,
            results["nginx static copy (limit)"]["rps"],
        )
        self.limit = results["nginx static copy (limit)"]["rps"]
        return results

    def app_server_run(self):
        results = {}
        for kind in ("granian", "gunicorn-sync", "gunicorn-gthread"):
            stack, ports = self.start_stack(kind)
            miss, miss_port = self.start_miss_server(kind)
            app = f"http://127.0.0.1:{ports['app']}"
            print(f"App server {kind}", flush=True)
            measured = self.measure(
                [
                    ("whitenoise", app + STATIC_COPY, None),
                    ("code page hit", app + "/codes/301/", None),
                    ("code page miss", f"http://127.0.0.1:{miss_port}/codes/301/", miss.pid),
                ]
            )
            results[kind] = measured
            self.stop(miss)
            self.stop(stack)
            print_table(f"App server: {kind} ({self.args.workers} workers)", measured, self.limit)
        return results


def print_table(title, rows, limit=None):
    print(f"\n{title}\n")
    print("| target | req/s | p50 ms | p99 ms | CPU ms/req | vs nginx limit |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in rows.items():
        cpu = f"{r['cpu_ms_per_request']:.2f}" if r["cpu_ms_per_request"] is not None else ""
        ratio = f"{r['rps'] / limit:.2f}" if limit else ""
        print(f"| {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {cpu} | {ratio} |")


def main():
    parser = argparse.ArgumentParser(description="Benchmark the production stack against nginx's limit.")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "5")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", "16")))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--app-server", default="granian")
    parser.add_argument("--skip-app-servers", action="store_true", help="skip the app-server comparison")
    args = parser.parse_args()
    ensure_wrk()
    bench = Bench(args)
    try:
        bench.prepare()
        main_results = bench.main_run()
        servers = {} if args.skip_app_servers else bench.app_server_run()
    finally:
        bench.stop_all()
        shutil.rmtree(ROOT / "staticfiles" / "bench", ignore_errors=True)
        shutil.rmtree(bench.work, ignore_errors=True)
    print(
        f"\nPage /codes/301/: {bench.page_bytes} bytes, {bench.gzip_bytes} gzipped; {args.rounds} rounds of "
        f"{args.seconds} s at {args.connections} connections, medians; Accept-Encoding: gzip, deflate"
    )
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d"),
                "page_bytes": bench.page_bytes,
                "gzip_bytes": bench.gzip_bytes,
                "rounds": args.rounds,
                "seconds": args.seconds,
                "connections": args.connections,
                "main": main_results,
                "app_servers": servers,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
