"""Benchmark: the site under gunicorn on loopback, driven by wrk, against a static file.

Run with `make bench` (not part of `make test`: performance is measured, not asserted).
It builds a production-like instance (DEBUG off, collected static files, SQLite in a temp
folder), then for each page type reports requests/s and p50/p99 latency beside the same
measure for a static file of similar size served by whitenoise, and finishes with a
bounded load test (default 60 s at 50 connections) across all page types, counting errors
and 5xx answers.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from urllib.parse import quote
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
LOAD_CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "50"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")

TARGETS = [
    ("home page", "/"),
    ("code page", "/codes/301/"),
    ("comparison page", "/compare/301-vs-308/"),
    ("wizard step", "/wizard/?a=redirect&a=moved"),
    ("JSON API", "/api/codes/301/"),
]
LOAD_PATHS = ["/", "/codes/", "/codes/4xx/", "/codes/404/", "/codes/503/", "/compare/", "/compare/502-vs-504/",
              "/compare/?codes=301,307,308", "/wizard/", "/wizard/?a=redirect&a=moved&a=permanent&a=preserve",
              "/lab/redirects/", "/api/codes/", "/api/comparisons/301-vs-307/", "/codes/cheatsheet/",
              "/search/?q=timeout", "/sitemap.xml", "/try/204/"]
# Uncached search: every request a different URL (the page cache never answers), cycling
# through the relevance set's queries.
RELEVANCE_FILE = ROOT / "tests" / "search" / "relevance.txt"
SEARCH_SCRIPT = """
queries = {%s}
counter = 0
threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function request()
  counter = counter + 1
  return wrk.format("GET", "/search/?q=" .. queries[(counter %% #queries) + 1] .. "&n=" .. id .. "-" .. counter)
end
"""
LOAD_SCRIPT = """
paths = {%s}
counter = 0
fivexx = 0
threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status >= 500 then fivexx = fivexx + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("fivexx") end
  io.write(string.format("FIVEXX %%d\\n", total))
end
"""


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        sys.exit("The benchmark needs wrk: apt-get install wrk")


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def parse_wrk(output):
    def seconds(value, unit):
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {p: seconds(*re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s|m)\b", output).groups()) for p in ("50", "99")}
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests_per_second": rps,
        "p50_ms": round(percentiles["50"] * 1000, 2),
        "p99_ms": round(percentiles["99"] * 1000, 2),
        "non_2xx_3xx": int(non_ok.group(1)) if non_ok else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def wrk(url, seconds, connections, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def main():
    ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="statuscodes-bench-"))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", WORKERS,
         "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        sizes = {path: len(urllib.request.urlopen(BASE + path).read()) for _, path in TARGETS}
        # A static file the size of the code page, served by whitenoise from STATIC_ROOT.
        sample = ROOT / "staticfiles" / "bench-sample.html"
        sample.write_bytes(b"x" * sizes["/codes/301/"])
        os.killpg(server.pid, signal.SIGHUP)  # workers restart and whitenoise sees the new file
        time.sleep(2)
        static_path = "/static/bench-sample.html"
        urllib.request.urlopen(BASE + static_path).read()
        for _, path in TARGETS:  # warm the page cache
            urllib.request.urlopen(BASE + path).read()

        static = parse_wrk(wrk(BASE + static_path, SECONDS, CONNECTIONS))
        results = {"static file (whitenoise)": {**static, "bytes": sample.stat().st_size, "ratio_to_static": 1.0}}
        for name, path in TARGETS:
            figures = parse_wrk(wrk(BASE + path, SECONDS, CONNECTIONS))
            figures["bytes"] = sizes[path]
            figures["ratio_to_static"] = round(figures["requests_per_second"] / static["requests_per_second"], 2)
            results[f"{name} {path}"] = figures

        queries = [line.rpartition(" = ")[0] for line in RELEVANCE_FILE.read_text().splitlines()
                   if line.strip() and not line.startswith("#")]
        search_script = workdir / "search.lua"
        search_script.write_text(SEARCH_SCRIPT % ", ".join(json.dumps(quote(q)) for q in queries))
        # As many connections as workers: the latency of one search, not the time queued behind others.
        figures = parse_wrk(wrk(BASE + "/search/", SECONDS, int(WORKERS), script=str(search_script)))
        figures["bytes"] = 0
        figures["ratio_to_static"] = round(figures["requests_per_second"] / static["requests_per_second"], 2)
        results[f"search, uncached ({len(queries)} queries)"] = figures

        script = workdir / "load.lua"
        script.write_text(LOAD_SCRIPT % ", ".join(json.dumps(p) for p in LOAD_PATHS))
        output = wrk(BASE + "/", LOAD_SECONDS, LOAD_CONNECTIONS, script=str(script))
        load = parse_wrk(output)
        load["five_xx"] = int(re.search(r"FIVEXX (\d+)", output).group(1))
        load["total_requests"] = int(re.search(r"(\d+) requests in", output).group(1))
        load["paths"] = len(LOAD_PATHS)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nBenchmark: gunicorn, {WORKERS} workers, wrk -t2 -c{CONNECTIONS} -d{SECONDS}s, loopback\n")
    print(f"{'target':52} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>7} {'vs static':>9}")
    for name, figures in results.items():
        print(f"{name:52} {figures['requests_per_second']:9.0f} {figures['p50_ms']:8.2f} {figures['p99_ms']:8.2f} "
              f"{figures['bytes']:7d} {figures['ratio_to_static']:9.2f}")
    print(f"\nLoad test: {LOAD_SECONDS}s at {LOAD_CONNECTIONS} connections over {load['paths']} page types: "
          f"{load['total_requests']} requests, {load['requests_per_second']:.0f} req/s, p50 {load['p50_ms']} ms, "
          f"p99 {load['p99_ms']} ms, non-2xx/3xx {load['non_2xx_3xx']}, "
          f"5xx {load['five_xx']}, socket errors {load['socket_errors']}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"targets": results, "load": load}, indent=1))
    if load["five_xx"] or load["socket_errors"]:
        sys.exit("The load test saw 5xx answers or socket errors.")


if __name__ == "__main__":
    main()
