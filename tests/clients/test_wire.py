"""clients/wire.py, the broken server for the cases a conforming stack cannot produce, and what
real curl, wget and requests do against it (the same cases `measure_clients` records)."""

import socket
from pathlib import Path

import pytest

from clients.content import parse_observations
from clients.harness import CurlRunner, PythonRunner, WgetRunner, all_cases, measure_with
from clients.management.commands.measure_clients import differences
from clients.wire import STRAY, WireServer

SHIPPED = Path(__file__).resolve().parents[2] / "clients" / "content" / "observations.yaml"


@pytest.fixture
def wire():
    with WireServer() as server:
        yield server


def exchange(server, data, wait=3):
    with socket.create_connection(server.server_address, timeout=wait) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(4096):
            received += chunk
    return received


@pytest.mark.parametrize("code", [204, 304])
def test_the_bodiless_codes_come_with_bytes_after_the_header_section(wire, code):
    received = exchange(wire, f"GET /body/{code}/r1/ HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    head, _, rest = received.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {code} ".encode()) and b"content-length" not in head.lower()
    assert rest == STRAY


def test_expect_gets_its_final_answer_without_the_body_being_read(wire):
    head = b"POST /expect/417/r2/ HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n"
    assert exchange(wire, head).startswith(b"HTTP/1.1 417 Expectation Failed\r\n")
    assert exchange(wire, head.replace(b"r2", b"r3") + b"probe-body").startswith(b"HTTP/1.1 417 ")
    assert [event["body_bytes_unasked"] for event in wire.events("r2") + wire.events("r3")] == [0, 10]


def test_a_repeat_without_expect_is_read_and_echoed(wire):
    received = exchange(
        wire, b"POST /expect/413/r4/ HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"
    )
    assert received.startswith(b"HTTP/1.1 200 OK\r\n") and b'"body": "abc"' in received
    assert wire.events("r4")[0]["body_bytes"] == 3


def test_unknown_paths_get_400(wire):
    assert exchange(wire, b"GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 400 ")


def test_curl_wget_and_requests_measure_what_the_shipped_file_says(wire):
    cases = [case for case in all_cases() if case.wire]
    runners = [CurlRunner("curl"), WgetRunner(), PythonRunner("requests")]
    _, fresh = measure_with("http://127.0.0.1:9", "http://127.0.0.1:9", wire, runners, cases, log=lambda line: None)
    _, shipped = parse_observations(SHIPPED.read_text(), str(SHIPPED))
    keys = {(o["client"], o["scenario"], o["code"], o["method"]) for o in fresh}
    assert len(keys) == 3 * 4
    assert (
        differences([o for o in shipped if (o["client"], o["scenario"], o["code"], o["method"]) in keys], fresh) == []
    )
    by_client = {(o["client"], o["scenario"]): o["notes"] for o in fresh}
    assert by_client["curl", "expect-413"] == "waited, sending no body before the answer, reported 413"
    assert by_client["requests", "expect-417"] == "sent the body without waiting for 100 Continue, reported 417"
