"""measure_clients --check: what counts as a difference between the shipped and a fresh measurement."""

from pathlib import Path

from clients.content import dump_observations, parse_observations
from clients.management.commands.measure_clients import differences

SHIPPED = Path(__file__).resolve().parents[2] / "clients" / "content" / "observations.yaml"


def test_a_changed_behaviour_is_reported_with_the_case_and_field():
    _, shipped = parse_observations(SHIPPED.read_text(), str(SHIPPED))
    fresh = [dict(o) for o in shipped]
    changed = next(
        o for o in fresh if (o["client"], o["scenario"], o["code"], o["method"]) == ("curl", "redirect", 301, "POST")
    )
    changed["method_after"] = "POST"
    late = next(o for o in fresh if o["scenario"] == "retry-after-seconds" and o["retried"])
    late["waited_seconds"] += 1  # a second of timing jitter is not a change
    assert differences(shipped, fresh) == ["curl/redirect/301/POST: method_after was 'GET', now 'POST'"]


def test_a_new_or_vanished_case_is_a_difference():
    _, shipped = parse_observations(SHIPPED.read_text(), str(SHIPPED))
    assert differences(shipped[1:], shipped) == [
        f"new case {'/'.join(str(shipped[0][k]) for k in ('client', 'scenario', 'code', 'method'))}: "
        + ", ".join(
            f"{f}={v!r}"
            for f, v in shipped[0].items()
            if f not in ("client", "scenario", "code", "method") and v not in (None, "")
        )
    ]
    assert len(differences(shipped, shipped[1:])) == 1


def test_the_shipped_file_is_exactly_what_the_writer_produces():
    clients, shipped = parse_observations(SHIPPED.read_text(), str(SHIPPED))
    assert dump_observations(clients, shipped) == SHIPPED.read_text()
