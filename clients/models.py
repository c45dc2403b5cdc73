"""What a real client did with a real response, as measured by `manage.py measure_clients`."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe
from simple_history.models import HistoricalRecords

from authoring.models import per_revision

REDIRECT_CODES = (301, 302, 303, 307, 308)
METHODS = ("GET", "POST", "PUT", "DELETE")

# scenario slug -> what the harness did, in a sentence a reader understands.
SCENARIOS = {
    "redirect": "The request, with a body, Content-Type, Authorization and Cookie, meets the redirect; once to "
    "the same origin and once to another origin (127.0.0.1 and localhost).",
    "redirect-limit": "An endless chain of 302s: how many the client follows before it gives up.",
    "redirect-loop": "Two URLs that 302 to each other: how many hops before the client gives up.",
    "relative-location": "A 302 whose Location is a relative reference (../../echo/).",
    "location-fragment": "A 302 whose Location ends in a fragment (#part).",
    "300-with-location": "A 300 Multiple Choices that carries a Location.",
    "300-without-location": "A 300 Multiple Choices without Location.",
    "retry-after-seconds": "The first attempt gets the code with Retry-After: 1, the next one 200; the client "
    "runs with its retry helper at its defaults, if it has one.",
    "retry-after-date": "As above, with Retry-After as an HTTP-date 2 seconds ahead.",
    "retry-after-forcelist": "urllib3's Retry with the code added to status_forcelist, Retry-After: 1.",
    "auth-basic": "A 401 with WWW-Authenticate: Basic, to a client configured with a user name and password.",
    "revalidate-304": "A copy with an ETag and Cache-Control: no-cache, asked for twice: does the browser revalidate "
    "and show its stored copy when the answer is 304? (Sent to the app server directly: nginx's cache does not pass If-None-Match or Range on.)",
    "body-on-204": "A 204 followed by bytes that a 204 cannot carry (clients/wire.py): does the client show them as a body?",
    "body-on-304": "A 304 followed by bytes that a 304 cannot carry (clients/wire.py), to a request without a validator.",
    "expect-417": "A POST with Expect: 100-continue that the server answers at once with 417 Expectation Failed, without "
    "reading the body (clients/wire.py).",
    "expect-413": "A POST with Expect: 100-continue that the server answers at once with 413 Content Too Large, then "
    "closes (clients/wire.py).",
    "resume-206": "The first 400 of 1,000 bytes are on disk; the tool is asked to continue (curl -C -, wget -c). "
    "(Sent to the app server directly: nginx's cache does not pass If-None-Match or Range on.)",
}


# Scenarios whose outcome is a sentence in `notes`, not a few fields.
NOTED_SCENARIOS = (
    "auth-basic",
    "revalidate-304",
    "resume-206",
    "body-on-204",
    "body-on-304",
    "expect-417",
    "expect-413",
)


class ObservationQuerySet(models.QuerySet):
    def redirects(self):
        return self.filter(scenario="redirect")

    def with_keys(self, keys):
        """The observations named by these client/scenario/code/method keys, in one query however many."""
        wanted = models.Q()
        for key in keys:
            client, scenario, code, method = key.split("/")
            wanted |= models.Q(client=client, scenario=scenario, code=int(code), method=method)
        return self.filter(wanted) if keys else self.none()


class Observation(models.Model):
    """One client (at one version) in one scenario: the outcome fields, null where they do not apply."""

    client = models.CharField(max_length=40, help_text="The client's slug, e.g. curl, requests, chromium-fetch.")
    version = models.CharField(max_length=60)
    scenario = models.CharField(max_length=40, choices=[(slug, slug) for slug in SCENARIOS])
    code = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10, help_text="The method of the first request.")
    followed = models.BooleanField(null=True, help_text="Made a request to the Location.")
    # null: the client made no next request (the API contract says "string or null", not "").
    method_after = models.CharField(max_length=10, null=True, blank=True)  # noqa: DJ001
    body_kept = models.BooleanField(null=True)
    content_type_kept = models.BooleanField(null=True)
    authorization_kept_same_origin = models.BooleanField(null=True)
    authorization_kept_cross_origin = models.BooleanField(null=True)
    cookie_kept_cross_origin = models.BooleanField(null=True)
    hops = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Redirects followed before giving up.")
    retried = models.BooleanField(null=True)
    waited_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Seconds between the two attempts, rounded."
    )
    notes = models.TextField(blank=True)
    measured_on = models.DateField()
    history = HistoricalRecords()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["client", "scenario", "code", "method"]
        constraints = [
            models.UniqueConstraint(fields=["client", "scenario", "code", "method"], name="one_observation_per_case"),
        ]

    def __str__(self):
        return f"{self.client} {self.version}: {self.scenario} {self.code} {self.method}"

    @property
    def key(self):
        """The name content uses to cite this observation: client/scenario/code/method."""
        return f"{self.client}/{self.scenario}/{self.code}/{self.method}"

    @property
    def anchor(self):
        """The id of this observation's cell in the tables of /clients/ and of its code's page."""
        return "obs-" + self.key.replace("/", "-")

    def get_absolute_url(self):
        return f"/clients/#{self.anchor}"

    @property
    def client_label(self):
        return CLIENT_LABELS.get(self.client, self.client)

    @property
    def outcome(self):
        """What the client did, in a few words for a table cell."""
        if self.scenario == "redirect":
            if not self.followed:
                return "not followed"
            words = [self.method_after if self.method_after == self.method else f"{self.method_after} (changed)"]
            if self.body_kept is not None:
                words.append("body kept" if self.body_kept else "body dropped")
            return ", ".join(words)
        if self.scenario in ("redirect-limit", "redirect-loop"):
            return f"gave up after {self.hops} hops"
        if self.scenario.startswith("retry-after"):
            return f"retried after {self.waited_seconds} s" if self.retried else "not retried"
        if self.scenario in NOTED_SCENARIOS:
            return self.notes
        return "followed" if self.followed else "not followed"

    @property
    def short_outcome(self):
        """`outcome` in as few characters as a comparison's side-by-side table allows ("kept": the same method)."""
        if self.scenario == "redirect":
            if not self.followed:
                return "not followed"
            method = "kept" if self.method_after == self.method else self.method_after
            return method + {True: ", body kept", False: ", no body", None: ""}[self.body_kept]
        if self.scenario.startswith("retry-after"):
            return f"after {self.waited_seconds} s" if self.retried else "no retry"
        if self.scenario == "auth-basic":
            return {
                "sent the credentials up front": "up front",
                "sent the credentials after the 401 challenge": "after the 401",
            }.get(self.notes, self.notes)
        return self.outcome


CLIENT_LABELS = {
    "curl": "curl",
    "curl-x": "curl with -X METHOD",
    "wget": "GNU Wget",
    "requests": "Python requests",
    "httpx": "Python httpx",
    "urllib3": "Python urllib3 (Retry)",
    "aiohttp": "Python aiohttp",
    "urllib.request": "Python urllib.request",
    "node-fetch": "Node.js fetch()",
    "axios": "axios (Node.js)",
    "go-net-http": "Go net/http",
    "chromium-navigation": "Chromium, navigation",
    "chromium-form": "Chromium, form POST",
    "chromium-fetch": "Chromium, fetch()",
    "firefox-navigation": "Firefox ESR, navigation",
    "firefox-form": "Firefox ESR, form POST",
    "firefox-fetch": "Firefox ESR, fetch()",
}


class MeasuredCell(str):
    """A table cell's text that knows the observation it shows, so citations can link to the cell."""

    def __new__(cls, text, anchor):
        cell = super().__new__(cls, text)
        cell.anchor = anchor
        return cell


def outcome_cell(observation):
    return MeasuredCell(observation.outcome, observation.anchor) if observation else "–"


def yes_no(value):
    return {True: "yes", False: "no", None: "–"}[value]


@dataclass
class MeasuredTable:
    """One table of observations: a caption, column headings, and rows of (clients, version, cells)."""

    caption: str
    columns: list
    rows: list = field(default_factory=list)

    def labelled_rows(self):
        """Rows with each cell paired with its column heading (phones show cells as labelled lines)."""
        return [
            (clients, version, list(zip(self.columns, cells, strict=True))) for clients, version, cells in self.rows
        ]

    def body_html(self):
        """The <tbody> rows, escaped. Built here rather than in the template: a redirect code's table
        has over a hundred cells, and the template loop cost 1.6 ms of a 10 ms page."""
        rows = []
        for clients, version, cells in self.labelled_rows():
            head = escape(clients) + (f' <span class="muted">{escape(version)}</span>' if version else "")
            tds = "".join(
                f'<td data-label="{escape(heading)}"'
                + (f' id="{escape(cell.anchor)}"' if getattr(cell, "anchor", None) else "")
                + f">{escape(cell)}</td>"
                for heading, cell in cells
            )
            rows.append(f'<tr><th scope="row">{head}</th>{tds}</tr>')
        return mark_safe("\n".join(rows))


@per_revision
def current_observations():
    """Every observation (a few hundred rows), in the model's order, read once per content revision:
    the tables and citations on every page are built from it without a query of their own."""
    return list(Observation.objects.all())


def observations_by_key():
    return {observation.key: observation for observation in current_observations()}


def measured_tables(codes):
    """The "Measured client behaviour" tables for these codes."""
    observations = sorted(
        (o for o in current_observations() if o.code in codes), key=lambda o: (o.client, o.code, o.method)
    )
    tables = []
    for code in codes:
        by_client = {}
        for observation in (o for o in observations if o.code == code):
            by_client.setdefault(observation.client, {})[(observation.scenario, observation.method)] = observation
        tables += [table for table in (redirect_table(code, by_client), scenario_table(code, by_client)) if table.rows]
    return tables


def redirect_table(code, by_client):
    columns = [*METHODS, "Authorization, same origin", "Authorization, other origin", "Cookie, other origin"]
    table = MeasuredTable(f"{code}: the method and body after the redirect", columns)
    for cases in by_client.values():
        measured = [cases.get(("redirect", method)) for method in METHODS]
        first = next((observation for observation in measured if observation), None)
        if first is None:
            continue
        cells = [outcome_cell(observation) for observation in measured]
        cells += [
            yes_no(first.authorization_kept_same_origin),
            yes_no(first.authorization_kept_cross_origin),
            yes_no(first.cookie_kept_cross_origin),
        ]
        table.rows.append((first.client_label, first.version, cells))
    return table


def scenario_table(code, by_client):
    scenarios = sorted(
        {scenario for cases in by_client.values() for scenario, _ in cases if scenario != "redirect"},
        key=list(SCENARIOS).index,
    )
    table = MeasuredTable(f"{code}: what each client did", [SCENARIO_HEADINGS.get(s, s) for s in scenarios])
    for cases in by_client.values():
        # Each scenario other than "redirect" is measured with one method (GET, or POST for Expect).
        measured = [next((o for (s, _), o in cases.items() if s == scenario), None) for scenario in scenarios]
        first = next((observation for observation in measured if observation), None)
        if first is not None:
            table.rows.append(
                (
                    first.client_label,
                    first.version,
                    [outcome_cell(observation) for observation in measured],
                )
            )
    return table


def comparison_table(codes):
    """One compact table for a comparison: the codes side by side, clients that behaved alike in one row."""
    observations = [
        o for o in current_observations() if o.code in codes and not (o.method == "GET" and o.scenario == "redirect")
    ]
    if set(codes) & set(REDIRECT_CODES):  # what differs between redirect codes is the method and body
        observations = [o for o in observations if o.scenario == "redirect"]
    columns = sorted(
        {(o.code, o.scenario, o.method) for o in observations},
        key=lambda c: (c[0], list(SCENARIOS).index(c[1]), METHODS.index(c[2]) if c[2] in METHODS else 9),
    )
    if not columns:
        return None
    cells = {}
    for o in observations:
        cells.setdefault(o.client, {})[(o.code, o.scenario, o.method)] = o.short_outcome
    for code in codes:  # PUT and DELETE share a column wherever every client treated them alike
        put, delete = (code, "redirect", "PUT"), (code, "redirect", "DELETE")
        if put in columns and delete in columns and all(row.get(put) == row.get(delete) for row in cells.values()):
            columns.remove(delete)
    groups = {}
    for client in sorted(cells, key=lambda slug: CLIENT_LABELS.get(slug, slug)):
        row = tuple(cells[client].get(column, "–") for column in columns)
        groups.setdefault(row, []).append(CLIENT_LABELS.get(client, client))
    merged = {
        column
        for column in columns
        if column[1:] == ("redirect", "PUT") and (column[0], "redirect", "DELETE") not in columns
    }
    headings = [
        f"{code} {method}" + (", DELETE" if (code, scenario, method) in merged else "")
        if scenario == "redirect"
        else f"{code}, {SCENARIO_HEADINGS.get(scenario, scenario)}"
        for code, scenario, method in columns
    ]
    table = MeasuredTable(
        f"{' and '.join(map(str, codes))}, side by side; clients that behaved alike share a row", headings
    )
    table.rows = [(", ".join(clients), "", list(row)) for row, clients in groups.items()]
    return table


SCENARIO_HEADINGS = {
    "retry-after-seconds": "Retry-After: seconds",
    "retry-after-date": "Retry-After: HTTP-date",
    "retry-after-forcelist": "Retry-After, code in status_forcelist",
    "auth-basic": "Basic credentials configured",
    "300-with-location": "with Location",
    "300-without-location": "without Location",
    "redirect-limit": "endless chain",
    "redirect-loop": "loop of two URLs",
    "relative-location": "relative Location",
    "location-fragment": "Location with a fragment",
    "revalidate-304": "asked twice for a no-cache copy",
    "resume-206": "resuming a download",
    "body-on-204": "bytes after the 204",
    "body-on-304": "bytes after the 304",
    "expect-417": "Expect: 100-continue, answered 417",
    "expect-413": "Expect: 100-continue, answered 413",
}
