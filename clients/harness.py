"""Measure what real clients do: start the production stack on loopback, run each client against the
probe endpoints (clients/probe.py), and turn what arrived into observations.

Each client is a runner: it takes a list of cases (URL, method, body, headers, credentials) and
reports the final status and body it got, or the error it gave up with. The probe's echo says what
arrived after a redirect; its per-run record says how many hops and attempts there were and when.
"""

import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from .models import METHODS, REDIRECT_CODES
from .wire import WireServer

ROOT = Path(__file__).resolve().parent.parent
RUNNERS = Path(__file__).resolve().parent / "runners"
BODY = "probe-body"
CONTENT_TYPE = "text/plain"
AUTHORIZATION = "Bearer probe-token"
COOKIE = "probe=1"
CREDENTIALS = ["probe", "secret"]
RETRY_CODES = (429, 503, 500)
WITH_BODY = {"POST", "PUT", "DELETE"}
EXPECT_SCENARIOS = ("expect-417", "expect-413")
WITH_BODY_SCENARIOS = ("redirect", *EXPECT_SCENARIOS)
# Nothing but the probe: no background requests, updates or QUIC off loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Case:
    """One request a client makes, and what it is meant to find out."""

    scenario: str
    code: int
    method: str
    path: str
    variant: str = ""  # "same" or "cross" origin, for redirects
    retry: str = None  # None, "default" or "forcelist"
    auth: list = None
    direct: bool = False  # to the app server itself: nginx's cache drops conditional and Range headers
    wire: bool = False  # to clients/wire.py, the deliberately broken server
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def run(self):
        return self.id

    @property
    def body(self):
        return BODY if self.method in WITH_BODY and self.scenario in WITH_BODY_SCENARIOS else None

    @property
    def headers(self):
        if self.scenario in EXPECT_SCENARIOS:
            return {"Expect": "100-continue", "Content-Type": CONTENT_TYPE}
        if self.scenario != "redirect":
            return {}
        headers = {"Authorization": AUTHORIZATION, "Cookie": COOKIE}
        if self.body is not None:
            headers["Content-Type"] = CONTENT_TYPE
        return headers

    def url(self, base):
        path = self.path.format(run=self.run)
        return path if path.startswith("http") else base + path

    def as_json(self, base):
        return {
            "id": self.id,
            "url": self.url(base),
            "method": self.method,
            "body": self.body,
            "headers": self.headers,
            "retry": self.retry,
            "auth": self.auth,
            "code": self.code,
            "scenario": self.scenario,
        }


def all_cases():
    cases = []
    for code in REDIRECT_CODES:
        for method in METHODS:
            for variant in ("same", "cross"):
                cases.append(Case("redirect", code, method, f"/clients/probe/redirect/{code}/?to={variant}", variant))
    cases += [
        Case("redirect-limit", 302, "GET", "/clients/probe/hops/{run}/0/"),
        Case("redirect-loop", 302, "GET", "/clients/probe/loop/{run}/a/"),
        Case("relative-location", 302, "GET", "/clients/probe/redirect/302/?to=relative"),
        Case("location-fragment", 302, "GET", "/clients/probe/redirect/302/?to=fragment"),
        Case("300-with-location", 300, "GET", "/clients/probe/redirect/300/?to=same"),
        Case("300-without-location", 300, "GET", "/clients/probe/redirect/300/?to=none"),
        Case("auth-basic", 401, "GET", "/clients/probe/auth/{run}/", auth=CREDENTIALS),
    ]
    for code in RETRY_CODES:
        cases.append(
            Case(
                "retry-after-seconds",
                code,
                "GET",
                f"/clients/probe/retry/{code}/{{run}}/?after=seconds",
                retry="default",
            )
        )
        cases.append(
            Case("retry-after-date", code, "GET", f"/clients/probe/retry/{code}/{{run}}/?after=date", retry="default")
        )
    # Browsers only: a no-cache copy with an ETag, asked for twice. curl and wget only: resume a download.
    cases.append(Case("revalidate-304", 304, "GET", "/clients/probe/cached/{run}/", direct=True))
    cases.append(Case("resume-206", 206, "GET", "/clients/probe/download/{run}/", direct=True))
    # Against clients/wire.py: bytes after a 204 or 304, and a final answer to Expect: 100-continue.
    cases += [Case(f"body-on-{code}", code, "GET", f"/body/{code}/{{run}}/", wire=True) for code in (204, 304)]
    cases += [Case(f"expect-{code}", code, "POST", f"/expect/{code}/{{run}}/", wire=True) for code in (417, 413)]
    # urllib3 only: does Retry honour Retry-After on a status it retries because the caller listed it?
    cases.append(
        Case("retry-after-forcelist", 500, "GET", "/clients/probe/retry/500/{run}/?after=seconds", retry="forcelist")
    )
    return cases


# Runners ---------------------------------------------------------------------------------------


def run_json_runner(command, cases, base, timeout=240):
    """A runner that reads the cases as JSON on stdin and writes results as JSON on stdout."""
    payload = json.dumps([case.as_json(base) for case in cases])
    done = subprocess.run(command, input=payload, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return {result["id"]: result for result in json.loads(done.stdout)}


def command_output(command):
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout


class Runner:
    slug = None
    sends_authorization = True  # a navigation or a form cannot set Authorization
    browser = False

    def applies(self, case):
        return True

    def version(self):
        raise NotImplementedError

    def run(self, cases, base):
        raise NotImplementedError


class PythonRunner(Runner):
    def __init__(self, library):
        self.slug = library

    def version(self):
        return command_output([sys.executable, str(RUNNERS / "python_client.py"), self.slug, "--version"]).strip()

    def run(self, cases, base):
        return run_json_runner([sys.executable, str(RUNNERS / "python_client.py"), self.slug], cases, base)


class NodeRunner(Runner):
    def __init__(self, slug, library):
        self.slug, self.library = slug, library

    def version(self):
        return command_output(["node", str(RUNNERS / "node_client.mjs"), self.library, "--version"]).strip()

    def run(self, cases, base):
        return run_json_runner(["node", str(RUNNERS / "node_client.mjs"), self.library], cases, base)


class GoRunner(Runner):
    slug = "go-net-http"

    def __init__(self):
        self.binary = Path(tempfile.mkdtemp(prefix="clients-go-")) / "go_client"

    def build(self):
        if not self.binary.exists():
            subprocess.run(
                ["go", "build", "-o", str(self.binary), "go_client.go"],
                cwd=RUNNERS,
                check=True,
                env={**os.environ, "GOFLAGS": "-mod=mod"},
                capture_output=True,
            )
        return str(self.binary)

    def version(self):
        return command_output([self.build(), "--version"]).strip()

    def run(self, cases, base):
        return run_json_runner([self.build()], cases, base)


class CurlRunner(Runner):
    """curl -L; `explicit_method` passes -X for every method (POST too), as in `curl -X POST -L`."""

    def __init__(self, slug, explicit_method=False):
        self.slug, self.explicit_method = slug, explicit_method

    def applies(self, case):
        return not self.explicit_method or case.scenario == "redirect"

    def version(self):
        return command_output(["curl", "--version"]).split()[1]

    def command(self, case, base):
        command = ["curl", "-s", "-L", "-o", "-", "-w", "\n%{http_code}", "--max-time", "15"]
        if case.method != "GET" and (self.explicit_method or case.method != "POST" or case.body is None):
            command += ["-X", case.method]
        if case.body is not None:
            command += ["--data-binary", case.body]
        for name, value in case.headers.items():
            command += ["-H", f"{name}: {value}"] if name != "Cookie" else ["-b", value]
        if case.retry:
            command += ["--retry", "2"]
        if case.auth:
            command += ["-u", ":".join(case.auth)]
        return command + [case.url(base)]

    def run(self, cases, base):
        results = {}
        for case in cases:
            if case.scenario == "resume-206":
                results[case.id] = resume(case, base, lambda path, url: ["curl", "-s", "-C", "-", "-o", path, url])
                continue
            done = subprocess.run(self.command(case, base), capture_output=True, text=True, timeout=60)
            text, _, status = done.stdout.rpartition("\n")
            error = f"exit {done.returncode}" if done.returncode else None
            results[case.id] = {
                "id": case.id,
                "status": int(status) if status.isdigit() and status != "000" else None,
                "text": text,
                "error": error,
            }
        return results


PARTIAL_BYTES = 400


def resume(case, base, command):
    """Leave the first 400 bytes of the probe's file on disk, ask the tool to continue it, and report
    whether the file came out whole."""
    from .probe import FILE

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "download.bin"
        path.write_bytes(FILE[:PARTIAL_BYTES])
        done = subprocess.run(command(str(path), case.url(base)), capture_output=True, timeout=60)
        whole = path.read_bytes() == FILE
    return {
        "id": case.id,
        "status": None,
        "text": "whole" if whole else "broken",
        "error": f"exit {done.returncode}" if done.returncode else None,
    }


class WgetRunner(Runner):
    slug = "wget"

    def version(self):
        return command_output(["wget", "--version"]).split()[2]

    def command(self, case, base):
        command = ["wget", "-q", "-S", "-O", "-", "--content-on-error", "--timeout=15", f"--method={case.method}"]
        if case.body is not None:
            command.append(f"--body-data={case.body}")
        command += [f"--header={name}: {value}" for name, value in case.headers.items()]
        if case.auth:
            command += [f"--user={case.auth[0]}", f"--password={case.auth[1]}"]
        return command + [case.url(base)]

    def run(self, cases, base):
        results = {}
        for case in cases:
            if case.scenario == "resume-206":
                results[case.id] = resume(case, base, lambda path, url: ["wget", "-q", "-c", "-O", path, url])
                continue
            done = subprocess.run(self.command(case, base), capture_output=True, text=True, timeout=90)
            statuses = [line.split()[1] for line in done.stderr.splitlines() if line.strip().startswith("HTTP/")]
            status = int(statuses[-1]) if statuses else None
            results[case.id] = {
                "id": case.id,
                "status": status,
                "text": done.stdout,
                "error": f"exit {done.returncode}" if done.returncode else None,
            }
        return results


class ChromiumRunner(Runner):
    """Chromium through Playwright, in three ways a page makes requests."""

    def __init__(self, mode):
        self.mode = mode
        self.slug = f"chromium-{mode}"
        self.sends_authorization = mode == "fetch"
        self.browser = True

    def applies(self, case):
        if self.mode == "navigation":
            return case.method == "GET"
        if self.mode == "form":
            return case.method == "POST" and case.scenario == "redirect"
        return True

    def version(self):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            version = browser.version
            browser.close()
        return version

    def run(self, cases, base):
        from playwright.sync_api import Error, sync_playwright

        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                for case in cases:
                    context = browser.new_context(
                        http_credentials=dict(zip(("username", "password"), case.auth, strict=True))
                        if case.auth
                        else None
                    )
                    context.add_cookies([{"name": "probe", "value": "1", "url": base}])
                    page = context.new_page()
                    url = case.url(base)
                    try:
                        results[case.id] = {
                            "id": case.id,
                            "error": None,
                            **getattr(self, self.mode)(page, case, url, base),
                        }
                    except Error as error:
                        results[case.id] = {
                            "id": case.id,
                            "status": None,
                            "text": None,
                            "error": str(error).split("\n")[0][:80],
                        }
                    context.close()
            finally:
                browser.close()
        return results

    def navigation(self, page, case, url, base):
        if case.scenario == "revalidate-304":
            page.goto(url, timeout=15000)
            page.goto(base + "/clients/probe/echo/")
        response = page.goto(url, timeout=15000)
        return {"status": response.status, "text": page.inner_text("body") if response.status != 204 else ""}

    def form(self, page, case, url, base):
        page.goto(f"{base}/clients/probe/form/?action={urllib.request.quote(url[len(base) :], safe='')}")
        with page.expect_navigation(timeout=15000):
            page.click("button")
        response = page.evaluate("() => document.body.innerText")
        return {"status": None, "text": response}

    def fetch(self, page, case, url, base):
        page.goto(f"{base}/clients/probe/echo/")
        outcome = page.evaluate(
            """async ([url, method, headers, body, twice]) => {
                 if (twice) await (await fetch(url)).text();
                 const response = await fetch(url, {method, headers, body: body ?? undefined});
                 return [response.status, await response.text()];
               }""",
            [url, case.method, case.headers, case.body, case.scenario == "revalidate-304"],
        )
        return {"status": outcome[0], "text": outcome[1]}


class FirefoxRunner(Runner):
    """Debian's Firefox ESR over WebDriver BiDi (puppeteer-core drives the installed binary, offline)."""

    def __init__(self, mode):
        self.mode = mode
        self.slug = f"firefox-{mode}"
        self.sends_authorization = mode == "fetch"
        self.browser = True

    applies = ChromiumRunner.applies

    def version(self):
        return command_output(["node", str(RUNNERS / "firefox_client.mjs"), self.mode, "--version"]).strip()

    def run(self, cases, base):
        return run_json_runner(["node", str(RUNNERS / "firefox_client.mjs"), self.mode], cases, base)


def applicable(runner, case):
    if case.wire:  # a page cannot set Expect, and the wire server sends no CORS headers
        return not runner.browser and runner.applies(case)
    if case.scenario == "revalidate-304":
        return runner.browser and runner.mode != "form"
    if case.scenario == "resume-206":
        return runner.slug in ("curl", "wget")
    if case.retry == "forcelist":
        return runner.slug == "urllib3"
    return runner.applies(case)


def all_runners():
    runners = [CurlRunner("curl"), CurlRunner("curl-x", explicit_method=True), WgetRunner()]
    runners += [PythonRunner(library) for library in ("requests", "httpx", "urllib3", "aiohttp", "urllib.request")]
    runners += [NodeRunner("node-fetch", "fetch"), NodeRunner("axios", "axios")]
    if shutil.which("go"):
        runners.append(GoRunner())
    if Path("/usr/bin/chromium").exists():
        runners += [ChromiumRunner(mode) for mode in ("navigation", "form", "fetch")]
    if Path("/usr/bin/firefox-esr").exists() and (ROOT / "node_modules" / "puppeteer-core").exists():
        runners += [FirefoxRunner(mode) for mode in ("navigation", "form", "fetch")]
    return runners


# From results to observations -------------------------------------------------------------------


def echo_of(result):
    """The probe's echo if the final response was it, else None."""
    try:
        data = json.loads(result.get("text") or "")
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("probe") == "echo" else None


def kept(echo, name, sent):
    if echo is None or sent is None:
        return None
    return echo.get(name) == sent


def redirect_observation(same_case, same, cross_case, cross):
    echo, cross_echo = echo_of(same), echo_of(cross)
    observation = {"followed": echo is not None, "method_after": echo["method"] if echo else None}
    if same_case.body is not None and echo is not None:
        observation["body_kept"] = bool(echo["body"])
        observation["content_type_kept"] = bool(echo["content_type"])
    observation["authorization_kept_same_origin"] = kept(echo, "authorization", same_case.headers.get("Authorization"))
    observation["authorization_kept_cross_origin"] = kept(
        cross_echo, "authorization", cross_case.headers.get("Authorization")
    )
    observation["cookie_kept_cross_origin"] = None if cross_echo is None else COOKIE in (cross_echo.get("cookie") or "")
    if echo is not None and cross_echo is None:
        observation["notes"] = "did not complete the redirect to the other origin"
    return observation


def scenario_observation(case, result, events):
    scenario = case.scenario
    if scenario == "redirect-limit":
        return {"followed": False, "hops": max(event["hop"] for event in events) if events else 0}
    if scenario == "redirect-loop":
        return {"followed": False, "hops": max(len(events) - 1, 0)}
    if scenario.startswith("retry-after"):
        retried = len(events) > 1
        waited = round(events[1]["at"] - events[0]["at"]) if retried else None
        return {"retried": retried, "waited_seconds": waited}
    if scenario == "auth-basic":
        sent = [bool(event.get("authorization")) for event in events]
        if sent[:1] == [True]:
            notes = "sent the credentials up front"
        elif True in sent:
            notes = "sent the credentials after the 401 challenge"
        else:
            notes = "did not send the credentials"
        return {"retried": len(events) > 1, "notes": notes}
    if scenario == "revalidate-304":
        revalidated = len(events) > 1 and events[-1].get("validator") is not None
        reused = '"probe": "cached"' in (result.get("text") or "").replace('":"', '": "')
        return {
            "notes": ("revalidated with If-None-Match" if revalidated else "sent no validator the second time")
            + (f"; showed the stored copy, reported as {result.get('status')}" if reused else "; showed no copy")
        }
    if scenario == "resume-206":
        sent = events[0].get("range") if events else None
        return {
            "notes": (f"sent Range: {sent}" if sent else "sent no Range")
            + ("; the file came out whole" if result.get("text") == "whole" else "; the file came out broken")
        }
    if scenario.startswith("body-on-"):
        return {"notes": stray_body_notes(result)}
    if scenario in EXPECT_SCENARIOS:
        return expect_observation(result, events)
    echo = echo_of(result)
    return {"followed": echo is not None}


def stray_body_notes(result):
    status, error = result.get("status"), result.get("error")
    if status is None:
        return f"failed ({error})" if error else "reported no status"
    if "stray bytes" in (result.get("text") or ""):
        return f"reported {status} and handed the stray bytes to the caller as the body"
    return f"reported {status} with an empty body" + (f", then failed ({error})" if error else "")


def expect_observation(result, events):
    """What the client did when the server answered Expect: 100-continue with a final status at once."""
    if not events:
        return {"retried": False, "notes": f"sent nothing the server could read ({result.get('error')})"}
    first = events[0]
    if first.get("expect") is None:
        words = ["dropped the Expect header and sent the body at once"]
    elif first.get("body_bytes_unasked"):
        words = ["sent the body without waiting for 100 Continue"]
    else:
        words = ["waited, sending no body before the answer"]
    retried = len(events) > 1
    if retried:
        again = events[1]
        words.append(
            "then repeated the request " + ("without Expect" if again.get("expect") is None else "with Expect")
        )
    status, error = result.get("status"), result.get("error")
    words.append(f"reported {status}" if status is not None else f"failed ({error})")
    return {"retried": retried, "notes": ", ".join(words)}


def run_record(base, run):
    with urllib.request.urlopen(f"{base}/clients/probe/runs/{run}/", timeout=10) as response:
        return json.loads(response.read())["events"]


def measure(base, runners=None, cases=None, log=print, direct_base=None):
    """(clients, observations) for these runners over these cases, against the site at `base` (and
    the app server behind it at `direct_base`, for the cases nginx's cache would change)."""
    with WireServer() as wire:
        return measure_with(base, direct_base or base, wire, runners or all_runners(), cases or all_cases(), log)


def measure_with(base, direct_base, wire, runners, cases, log):
    today = datetime.date.today()
    clients, observations = {}, []
    for runner in runners:
        started = time.monotonic()
        # Fresh ids, so the probe's per-run records of one client never mix with another's.
        mine = [
            replace(case, id=uuid.uuid4().hex[:12], path=case_base(case, direct_base, wire) + case.path)
            for case in cases
            if applicable(runner, case)
        ]
        results = runner.run(mine, base)
        clients[runner.slug] = {"version": runner.version(), "measured_on": today}
        observations += observations_of(runner, mine, results, base, wire)
        log(
            f"{runner.slug} {clients[runner.slug]['version']}: {len(mine)} requests in {time.monotonic() - started:.1f} s"
        )
    return clients, observations


def case_base(case, direct_base, wire):
    if case.wire:
        return wire.url
    return direct_base if case.direct else ""


def observations_of(runner, cases, results, base, wire=None):
    observations = []
    by_key = {(case.scenario, case.code, case.method, case.variant): case for case in cases}
    for case in cases:
        if case.scenario == "redirect":
            if case.variant != "same":
                continue
            cross_case = by_key.get(("redirect", case.code, case.method, "cross"))
            outcome = redirect_observation(
                case, results[case.id], cross_case, results[cross_case.id] if cross_case else {}
            )
            if not runner.sends_authorization:
                outcome["authorization_kept_same_origin"] = outcome["authorization_kept_cross_origin"] = None
        else:
            if case.wire:
                events = wire.events(case.run)
            else:
                events = run_record(base, case.run) if "{run}" in case.path else []
            outcome = scenario_observation(case, results[case.id], events)
        observations.append(
            {
                "client": runner.slug,
                "scenario": case.scenario,
                "code": case.code,
                "method": case.method,
                "notes": "",
                **outcome,
            }
        )
    return observations


# The stack -----------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """deploy/serve.py on a free loopback port with its own database, one app worker (the probe's
    per-run records live in that worker's memory cache)."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="clients-stack-"))
        self.dir.chmod(0o755)
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL")
        }
        env.update(
            {
                "DATABASE_URL": f"sqlite:///{self.dir / 'db.sqlite3'}",
                "DJANGO_SECRET_KEY": "measure-clients-" + "x" * 40,
                "PORT": str(self.port),
                "RUN_DIR": str(self.dir / "run"),
                "WORKERS": "1",
                "PLAYGROUND_RATE_LIMIT": "100000",
            }
        )
        self.log = open(self.dir / "serve.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "deploy/serve.py"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("deploy/serve.py exited early:\n" + (self.dir / "serve.log").read_text()[-3000:])
            if "Serving the production stack" in (self.dir / "serve.log").read_text():
                return self
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("the stack did not start in 180 s")

    @property
    def app_url(self):
        """The app server behind nginx, for the cases nginx's cache would change."""
        ports = json.loads((self.dir / "run" / "ports.json").read_text())
        return f"http://127.0.0.1:{ports['app']}"

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        shutil.rmtree(self.dir, ignore_errors=True)
