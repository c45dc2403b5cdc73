"""Measure real clients against the probe and write clients/content/observations.yaml, or --check it."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clients.claims import claim_problems
from clients.content import KEY_FIELDS, OUTCOME_FIELDS, dump_observations, parse_observations
from clients.harness import Stack, measure

# Timing jitter of a second is not a change of behaviour; anything else is.
TOLERANCES = {"waited_seconds": 1}


def differences(shipped, fresh):
    """Sentences naming each case whose outcome differs between the shipped and the fresh data."""

    def key(observation):
        return "/".join(str(observation[name]) for name in KEY_FIELDS)

    old, new = {key(o): o for o in shipped}, {key(o): o for o in fresh}
    lines = [f"new case {name}: {describe(new[name])}" for name in sorted(new.keys() - old.keys())]
    lines += [f"case no longer measured: {name}" for name in sorted(old.keys() - new.keys())]
    for name in sorted(old.keys() & new.keys()):
        for field in OUTCOME_FIELDS:
            before, after = old[name].get(field) or None, new[name].get(field) or None
            if before == after:
                continue
            if field in TOLERANCES and None not in (before, after) and abs(before - after) <= TOLERANCES[field]:
                continue
            lines.append(f"{name}: {field} was {before!r}, now {after!r}")
    return lines


def describe(observation):
    return ", ".join(
        f"{field}={observation[field]!r}" for field in OUTCOME_FIELDS if observation.get(field) not in (None, "")
    )


class Command(BaseCommand):
    help = (
        "Start the production stack on loopback, run curl, wget, Python, Node, Go and Chromium clients against "
        "the probe endpoints, and write clients/content/observations.yaml (--check: compare instead, exit 1 on a difference)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare a fresh measurement with the shipped file.")
        parser.add_argument("--file", default=None, help="Another observations file (default: the shipped one).")

    def handle(self, *args, **options):
        path = Path(options["file"] or Path(settings.CONTENT_DIR) / "clients" / "content" / "observations.yaml")
        started = time.monotonic()
        with Stack() as stack:
            self.stdout.write(f"stack up at {stack.url} in {time.monotonic() - started:.0f} s")
            clients, observations = measure(stack.url, log=self.stdout.write, direct_base=stack.app_url)
        self.stdout.write(
            f"{len(observations)} observations from {len(clients)} clients in {time.monotonic() - started:.0f} s"
        )
        if not options["check"]:
            path.write_text(dump_observations(clients, observations), encoding="utf-8")
            self.stdout.write(f"wrote {path}")
            return
        shipped_clients, shipped = parse_observations(path.read_text(encoding="utf-8"), str(path))
        for name, info in sorted(clients.items()):
            was = shipped_clients.get(name, {}).get("version")
            if was != info["version"]:
                self.stdout.write(f"note: {name} is now {info['version']} (the shipped data was measured with {was})")
        found = differences(shipped, observations) + [f"claim: {problem}" for problem in claim_problems(observations)]
        if found:
            raise CommandError(
                "Measured behaviour differs from clients/content/observations.yaml; review, then run "
                "`manage.py measure_clients` to record it:\n" + "\n".join(f"  {line}" for line in found)
            )
        self.stdout.write("Every measured behaviour matches the shipped observations.")
