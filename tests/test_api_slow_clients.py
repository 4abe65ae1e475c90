"""`kg serve` on loopback against slow, idle, oversized and foreign clients: each is let go
within the request deadline (1 s here) instead of holding a connection for ever."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 1.0


@pytest.fixture(scope="module")
def port(sample_build):
    port = free_port()
    cmd = [sys.executable, "-m", "graph.cli", "serve", "--build", str(sample_build),
           "--port", str(port), "--request-timeout", str(TIMEOUT_S)]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(f"kg serve did not start: {server.stderr.read().decode()[-500:]}")
    yield port
    server.terminate()
    server.wait(timeout=30)


def _connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.settimeout(0.1)
    return s


def _answer_within(s: socket.socket, seconds: float, trickle: bytes = b"") -> tuple[bytes, float]:
    """What the server sends (b"" for a close) while we send `trickle` a byte per 0.1 s."""
    start = time.monotonic()
    for i in range(int(seconds / 0.1)):
        try:
            if i < len(trickle):
                s.send(trickle[i : i + 1])
            return s.recv(200), time.monotonic() - start
        except TimeoutError:
            continue
        except OSError:  # reset or broken pipe: closed
            return b"", time.monotonic() - start
    return b"still open", seconds


def test_a_head_sent_a_byte_at_a_time_gets_408_at_the_deadline(port):
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100
    with _connect(port) as s:
        answer, after = _answer_within(s, 5, trickle=head)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert TIMEOUT_S * 0.8 <= after <= TIMEOUT_S + 2


def test_a_connection_that_sends_nothing_is_closed_at_the_deadline(port):
    with _connect(port) as s:
        answer, after = _answer_within(s, 5)
    assert answer == b"" and after <= TIMEOUT_S + 2


def test_a_second_request_on_a_kept_alive_connection_has_its_own_deadline(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    sockets = []
    for _ in range(3):  # together longer than the deadline, each well within it
        time.sleep(TIMEOUT_S * 0.6)
        conn.request("GET", "/health")
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        sockets.append(conn.sock)
    assert sockets[0] is sockets[1] is sockets[2]  # one connection, kept alive
    conn.close()


def test_an_oversized_head_gets_431_and_is_not_read(port):
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 100_000 + b"\r\n\r\n"
    with _connect(port) as s:
        s.settimeout(5)
        try:
            s.sendall(head)
            answer = s.recv(200)
        except ConnectionResetError:
            answer = b"reset"  # refused while still sending: also not read
    assert answer.startswith(b"HTTP/1.1 431") or answer == b"reset", answer


def test_slow_clients_do_not_keep_a_normal_client_waiting(port):
    slow = [_connect(port) for _ in range(50)]
    try:
        for s in slow:
            s.send(b"GET /health HTTP/1.1\r\n")
        start = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
            assert r.status == 200
        assert time.monotonic() - start < 2
        time.sleep(TIMEOUT_S + 0.5)
        answers = [_answer_within(s, 1)[0] for s in slow]
        assert all(a.startswith(b"HTTP/1.1 408") for a in answers), answers[:3]
    finally:
        for s in slow:
            s.close()


def test_a_foreign_host_header_is_refused_by_the_running_server(port):
    for host, status in (("rebind.attacker.example", 400), (f"localhost:{port}", 200)):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/health", headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=5) as r:
                got = r.status
        except urllib.error.HTTPError as exc:
            got = exc.code
        assert got == status, host


@pytest.fixture()
def capped_port():
    """uvicorn with the guarded protocol in this process, capped at three connections."""
    import functools
    import threading

    import uvicorn

    from graph.api.protocol import GuardedHttpProtocol

    async def ok(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    port = free_port()
    protocol = functools.partial(GuardedHttpProtocol, request_timeout=5, max_connections=3)
    config = uvicorn.Config(ok, host="127.0.0.1", port=port, http=protocol, ws="none",
                            lifespan="off", log_level="warning")  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def test_connections_past_the_cap_are_answered_503_and_closed_at_once(capped_port):
    held = [_connect(capped_port) for _ in range(3)]
    try:
        time.sleep(0.2)
        with _connect(capped_port) as extra:
            answer, after = _answer_within(extra, 2)
        assert answer.startswith(b"HTTP/1.1 503") and b"retry-after: 1" in answer.lower()
        assert after < 1
        held.pop().close()
        time.sleep(0.2)
        with _connect(capped_port) as again:  # a freed place is taken again
            again.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer, _ = _answer_within(again, 2)
        assert answer.startswith(b"HTTP/1.1 200"), answer
    finally:
        for s in held:
            s.close()


def test_the_longest_legitimate_request_fits_in_the_head_limit(port):
    query = urllib.parse.urlencode(
        [("target", "字" * 300)] * 10 + [("known", "字" * 2000)], quote_via=urllib.parse.quote
    )
    assert len(query) > 45_000
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/study?{query}", timeout=30) as r:
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status in (200, 404, 422)  # answered, not refused as too large (431)
