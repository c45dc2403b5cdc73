"""The measured observations as one reviewable file: clients/content/observations.yaml.

`manage.py measure_clients` writes it; `load_content` loads it all or nothing, like the other
content, and removes rows the file no longer has, so the database shows exactly the last measurement.
"""

import datetime

import yaml

from reference.content import ContentError, ContentLoader, update_fields

from .citations import citation_errors
from .models import SCENARIOS, Observation

KEY_FIELDS = ("client", "scenario", "code", "method")
BOOLEAN_FIELDS = (
    "followed",
    "body_kept",
    "content_type_kept",
    "authorization_kept_same_origin",
    "authorization_kept_cross_origin",
    "cookie_kept_cross_origin",
    "retried",
)
OUTCOME_FIELDS = (
    "followed",
    "method_after",
    "body_kept",
    "content_type_kept",
    "authorization_kept_same_origin",
    "authorization_kept_cross_origin",
    "cookie_kept_cross_origin",
    "hops",
    "retried",
    "waited_seconds",
    "notes",
)
HEADER = (
    "# What real clients did against this site's probe endpoints, written by `manage.py measure_clients`\n"
    "# (clients/harness.py). Review changes like code: a changed line is a client that behaves differently.\n"
    "# Fields left out are null: they do not apply to that scenario or could not be measured.\n"
)


class PlainDumper(yaml.SafeDumper):
    """No &anchors and *aliases for repeated dates: every line reads on its own."""

    def ignore_aliases(self, data):
        return True


def observation_lines(observations):
    """One flow-style line per observation, so a diff shows which case changed."""
    lines = []
    for observation in observations:
        data = {
            name: observation[name]
            for name in (*KEY_FIELDS, *OUTCOME_FIELDS)
            if observation.get(name) not in (None, "")
        }
        lines.append("- " + yaml.safe_dump(data, default_flow_style=True, sort_keys=False, width=10_000).strip())
    return lines


def dump_observations(clients, observations):
    """The file's text: the clients with version and date, then the observations in a stable order."""
    ordered = sorted(
        observations, key=lambda o: (o["client"], list(SCENARIOS).index(o["scenario"]), o["code"], o["method"])
    )
    head = yaml.dump({"clients": clients}, Dumper=PlainDumper, sort_keys=True, default_flow_style=False)
    return HEADER + head + "observations:\n" + "\n".join(observation_lines(ordered)) + "\n"


def parse_observations(text, path):
    """(clients, observations) from the file's text, or ContentError naming the entry and field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ContentError(path, "file", f"is not valid YAML: {error}") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("clients"), dict)
        or not isinstance(data.get("observations"), list)
    ):
        raise ContentError(path, "file", "needs a 'clients' mapping and an 'observations' list")
    clients = data["clients"]
    for name, info in clients.items():
        if (
            not isinstance(info, dict)
            or not isinstance(info.get("version"), str)
            or not isinstance(info.get("measured_on"), datetime.date)
        ):
            raise ContentError(path, f"clients.{name}", "needs version (text) and measured_on (a date)")
    observations, seen = [], set()
    for index, entry in enumerate(data["observations"]):
        where = f"observations[{index}]"
        if not isinstance(entry, dict):
            raise ContentError(path, where, "is not a mapping")
        unknown = set(entry) - set(KEY_FIELDS) - set(OUTCOME_FIELDS)
        if unknown:
            raise ContentError(path, where, f"has unknown fields: {', '.join(sorted(unknown))}")
        if entry.get("client") not in clients:
            raise ContentError(path, f"{where}.client", f"{entry.get('client')!r} is not listed under clients")
        if entry.get("scenario") not in SCENARIOS:
            raise ContentError(
                path, f"{where}.scenario", f"{entry.get('scenario')!r} is not one of {', '.join(SCENARIOS)}"
            )
        if not isinstance(entry.get("code"), int) or not 100 <= entry["code"] <= 599:
            raise ContentError(path, f"{where}.code", "must be a status code (100-599)")
        if not isinstance(entry.get("method"), str) or not entry["method"].isascii() or not entry["method"].isupper():
            raise ContentError(path, f"{where}.method", "must be an upper-case method name")
        for name in BOOLEAN_FIELDS:
            if entry.get(name) not in (None, True, False):
                raise ContentError(path, f"{where}.{name}", "must be true, false or left out")
        for name in ("hops", "waited_seconds"):
            if entry.get(name) is not None and (not isinstance(entry[name], int) or entry[name] < 0):
                raise ContentError(path, f"{where}.{name}", "must be a whole number of 0 or more")
        key = tuple(entry[name] for name in KEY_FIELDS)
        if key in seen:
            raise ContentError(path, where, f"repeats {'/'.join(map(str, key))}")
        seen.add(key)
        observations.append(
            {name: entry.get(name) for name in (*KEY_FIELDS, *OUTCOME_FIELDS)} | {"notes": entry.get("notes") or ""}
        )
    return clients, observations


class ObservationLoader(ContentLoader):
    directory = "clients/content"
    label = "client observations"

    def files(self):
        path = self.path() / "observations.yaml"
        return [path] if path.exists() else []

    def parse(self, text, path):
        clients, observations = parse_observations(text, path)
        return {"path": path, "clients": clients, "observations": observations}

    def apply(self, record):
        existing = {(o.client, o.scenario, o.code, o.method): o for o in Observation.objects.all()}
        first_load = not existing
        created = changed = False
        for entry in record["observations"]:
            key = tuple(entry[name] for name in KEY_FIELDS)
            client = record["clients"][entry["client"]]
            values = {**entry, "version": client["version"], "measured_on": client["measured_on"]}
            instance = existing.pop(key, None)
            if instance is None:
                Observation.objects.create(**values)
                created = True
            elif update_fields(instance, values):
                instance.save()
                changed = True
        for stale in existing.values():
            stale.delete()
            changed = True
        if first_load and created:
            return "created"
        return "updated" if created or changed else "unchanged"

    def check_loaded(self, loaded):
        """Every [[obs:KEY]] in any guide names an observation this load left in the database."""
        return citation_errors(loaded)

    def rows_as_files(self):
        """The database as the file export writes; observations come from measure_clients, not the admin."""
        observations = list(Observation.objects.all())
        if not observations:
            return {}
        clients = {o.client: {"version": o.version, "measured_on": o.measured_on} for o in observations}
        rows = [{name: getattr(o, name) for name in (*KEY_FIELDS, *OUTCOME_FIELDS)} for o in observations]
        return {f"{self.directory}/observations.yaml": dump_observations(clients, rows)}
